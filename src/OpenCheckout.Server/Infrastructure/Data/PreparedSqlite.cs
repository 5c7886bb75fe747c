using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Open SQLite connections that keep their compiled statements. Microsoft.Data.Sqlite compiles a
/// command's SQL again on every execution (dotnet/efcore#14044), and EF Core creates a new command per query:
/// together that was the largest cost of a GET. The hottest reads (a session by id, a page of sessions, the
/// prices of a new session) run here instead, each SQL text compiled once per connection.</summary>
public sealed class PreparedSqlite(IOptions<OpenCheckoutOptions> options) : IDisposable
{
    // Reads run synchronously (SQLite has no asynchronous I/O), so a connection is rented for microseconds and
    // a few cover every core; the rest are closed, since each holds its own page cache.
    static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    // Not from Microsoft.Data.Sqlite's pool: these connections are query_only, and must never be handed to a writer.
    readonly string _connectionString = DataSetup.ConnectionString(options.Value.Database.Path, pooling: false);
    readonly ConcurrentBag<PreparedConnection> _idle = [];
    bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var connection)) return new Lease(this, connection);
        var opened = new SqliteConnection(_connectionString);
        opened.Open();
        var prepared = new PreparedConnection(opened, ownsConnection: true);
        // A reader waits for a checkpoint instead of failing, and can never write.
        prepared.Execute(SqliteDurabilityInterceptor.BusyTimeout + " PRAGMA query_only=1;");
        return new Lease(this, prepared);
    }

    void Return(PreparedConnection connection)
    {
        if (_disposed || _idle.Count >= MaxIdle) connection.Dispose();
        else _idle.Add(connection);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection)) connection.Dispose();
    }

    public readonly struct Lease(PreparedSqlite pool, PreparedConnection connection) : IDisposable
    {
        public PreparedConnection Connection => connection;
        public void Dispose() => pool.Return(connection);
    }
}

/// <summary>One open connection and the commands compiled on it, by SQL text. Parameters are positional:
/// <c>@p0</c>, <c>@p1</c>, ... in the order of the values given. Not thread-safe: one user at a time.</summary>
public sealed class PreparedConnection(SqliteConnection connection, bool ownsConnection) : IDisposable
{
    // The SQL texts are a few fixed strings per call site (list filters combine into a few dozen at most); the cap
    // only guards against a caller building unbounded texts.
    const int MaxStatements = 64;

    readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/> with its parameters bound, inside <paramref name="transaction"/>
    /// when one is open on the connection. The command stays owned by this connection: do not dispose it.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction, params ReadOnlySpan<object?> values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxStatements) Clear();
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++) command.Parameters.Add(new SqliteParameter("@p" + i, null));
            command.Prepare();
            _commands.Add(sql, command);
        }
        if (command.Parameters.Count != values.Length)
            throw new ArgumentException($"The statement takes {command.Parameters.Count} values; {values.Length} were given.", nameof(values));
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.Transaction = transaction;
        return command;
    }

    public SqliteCommand Command(string sql, params ReadOnlySpan<object?> values) => Command(sql, null, values);

    public void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    void Clear()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }

    public void Dispose()
    {
        Clear();
        if (ownsConnection) connection.Dispose();
    }
}
