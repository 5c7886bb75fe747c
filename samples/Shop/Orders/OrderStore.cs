using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenCheckout.Sessions;
using OpenCheckout.Wire;

namespace Shop.Orders;

/// <param name="FulfilledBy"><c>redirect</c> or <c>webhook</c>: whichever reached the shop first.</param>
public sealed record Order(long Id, string CheckoutSessionId, string? Email, string? CustomerName, long AmountTotal, string Currency,
    string FulfilledBy, DateTimeOffset CreatedAt);

/// <param name="AlreadyProcessed">True when another request (a refresh, a second tab, the webhook) had recorded the order first.</param>
public sealed record Fulfilment(Order Order, bool AlreadyProcessed);

/// <summary>The shop's orders, in their own SQLite file, through plain Microsoft.Data.Sqlite: one table whose unique
/// index on the checkout session id is the whole idempotency story, and which a reader of this sample should see
/// rather than find behind an ORM.</summary>
public sealed class OrderStore
{
    public const string FromRedirect = "redirect";
    public const string FromWebhook = "webhook";

    // Applied in order, each once; PRAGMA user_version counts those applied. Append, never edit.
    static readonly string[] Migrations =
    [
        """
        CREATE TABLE orders (
            id                  INTEGER PRIMARY KEY,
            checkout_session_id TEXT    NOT NULL,
            email               TEXT,
            customer_name       TEXT,
            amount_total        INTEGER NOT NULL,
            currency            TEXT    NOT NULL,
            fulfilled_by        TEXT    NOT NULL,
            created_at          TEXT    NOT NULL
        );
        CREATE UNIQUE INDEX orders_checkout_session_id ON orders (checkout_session_id);
        """,
        // MembershipStore's table, in the same file.
        """
        CREATE TABLE memberships (
            subscription_id TEXT    PRIMARY KEY,
            customer_id     TEXT    NOT NULL,
            status          TEXT    NOT NULL,
            has_access      INTEGER NOT NULL,
            updated_at      TEXT    NOT NULL
        );
        """,
    ];

    const string Columns = "id, checkout_session_id, email, customer_name, amount_total, currency, fulfilled_by, created_at";

    readonly string _connectionString;
    readonly TimeProvider _clock;
    readonly ILogger<OrderStore> _log;

    public OrderStore(IOptions<ShopOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<OrderStore> log)
    {
        DatabasePath = Path.GetFullPath(options.Value.DatabasePath, environment.ContentRootPath);
        // Writers queue on SQLite's lock; Default Timeout is how long one waits for it (SQLITE_BUSY is retried until then).
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _clock = clock;
        _log = log;
    }

    public string DatabasePath { get; }

    /// <summary>Creates the file and brings its schema up to date; safe to run from several processes at once.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(ct);
        // WAL: readers (the orders page) never block the writer, and the setting stays with the file.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct); // BEGIN IMMEDIATE: one migrator at a time
        await using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version;";
        var applied = Convert.ToInt32(await version.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        for (var i = applied; i < Migrations.Length; i++) await ExecuteAsync(connection, Migrations[i], ct, transaction);
        if (applied < Migrations.Length) await ExecuteAsync(connection, $"PRAGMA user_version = {Migrations.Length};", ct, transaction);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Records a paid checkout session as an order exactly once, however many requests ask at the same moment.
    /// Insert first and let the unique index decide: a "does it exist yet?" query before the insert would let two
    /// requests both see nothing and both fulfil.</summary>
    /// <param name="session">A session the shop has verified: fetched from the API, or taken from a signed webhook.</param>
    /// <param name="source"><see cref="FromRedirect"/> or <see cref="FromWebhook"/>.</param>
    public async Task<Fulfilment> FulfilAsync(CheckoutSession session, string source, CancellationToken ct = default)
    {
        if (session.Status != SessionStatus.Complete)
            throw new InvalidOperationException($"Checkout session {session.Id} is {session.Status}, not complete: nothing to fulfil.");

        await using var connection = await OpenAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO orders (checkout_session_id, email, customer_name, amount_total, currency, fulfilled_by, created_at)
            VALUES ($session, $email, $name, $amount, $currency, $source, $created)
            RETURNING {Columns};
            """;
        insert.Parameters.AddWithValue("$session", session.Id);
        insert.Parameters.AddWithValue("$email", (object?)session.CustomerDetails?.Email ?? DBNull.Value);
        insert.Parameters.AddWithValue("$name", (object?)session.CustomerDetails?.Name ?? DBNull.Value);
        insert.Parameters.AddWithValue("$amount", session.AmountTotal);
        insert.Parameters.AddWithValue("$currency", session.Currency);
        insert.Parameters.AddWithValue("$source", source);
        insert.Parameters.AddWithValue("$created", _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        try
        {
            var order = (await ReadOrdersAsync(insert, ct)).Single();
            // Only the request whose insert succeeded gets here: this is the place for work that must happen once
            // (the confirmation email, the warehouse call). Work that must survive a crash right after this point
            // belongs in a table written in the same transaction, sent by a worker, not in memory.
            _log.LogInformation("Order {OrderId} recorded for checkout session {SessionId} ({Email}, {Amount} {Currency}) from the {Source}.",
                order.Id, order.CheckoutSessionId, order.Email, order.AmountTotal, order.Currency, source);
            return new(order, AlreadyProcessed: false);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT_UNIQUE)
        {
            var existing = await FindAsync(connection, session.Id, ct)
                ?? throw new InvalidOperationException($"The order of checkout session {session.Id} collided on insert but cannot be read.", e);
            _log.LogInformation("Checkout session {SessionId} was already processed as order {OrderId}; the {Source} changed nothing.",
                session.Id, existing.Id, source);
            return new(existing, AlreadyProcessed: true);
        }
    }

    public async Task<Order?> FindAsync(string checkoutSessionId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await FindAsync(connection, checkoutSessionId, ct);
    }

    /// <summary>The newest orders first.</summary>
    public async Task<IReadOnlyList<Order>> ListAsync(int limit = 50, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM orders ORDER BY id DESC LIMIT $limit;";
        select.Parameters.AddWithValue("$limit", limit);
        return await ReadOrdersAsync(select, ct);
    }

    static async Task<Order?> FindAsync(SqliteConnection connection, string checkoutSessionId, CancellationToken ct)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM orders WHERE checkout_session_id = $session;";
        select.Parameters.AddWithValue("$session", checkoutSessionId);
        return (await ReadOrdersAsync(select, ct)).SingleOrDefault();
    }

    static async Task<List<Order>> ReadOrdersAsync(SqliteCommand command, CancellationToken ct)
    {
        var orders = new List<Order>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            orders.Add(new Order(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetString(6),
                DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture)));
        return orders;
    }

    /// <summary>A connection to the shop's database file (orders, and <see cref="Memberships.MembershipStore"/>'s table).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
