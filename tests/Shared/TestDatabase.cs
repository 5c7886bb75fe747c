using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenCheckout.Server;
using OpenCheckout.Server.Infrastructure.Data.Postgres;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Testing;

/// <summary>Where a test server keeps its data: a new SQLite file, or a new database in the test process's PostgreSQL
/// cluster (<see cref="PostgresCluster.SharedAsync"/>), made from a template migrated once per process.</summary>
public sealed record TestDatabase(DatabaseProvider Provider, string Location, bool FromTemplate = false)
{
    static readonly SemaphoreSlim TemplateLock = new(1, 1);
    static bool _templateReady;
    const string Template = "oc_template";

    /// <summary>The SQLite file, for tests that read it directly.</summary>
    public string Path => Provider == DatabaseProvider.Sqlite ? Location : throw new InvalidOperationException("Not a SQLite database.");

    /// <summary>A path for a new SQLite file (the server creates and migrates it).</summary>
    public static TestDatabase NewSqlitePath(string folder) =>
        new(DatabaseProvider.Sqlite, System.IO.Path.Combine(System.IO.Path.GetTempPath(), folder, $"{Guid.NewGuid():N}.db"));

    /// <summary>A new SQLite file, copied from a template migrated once per process.</summary>
    public static TestDatabase NewSqlite(string folder)
    {
        var database = NewSqlitePath(folder);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(database.Location)!);
        File.Copy(SqliteTemplate.Value, database.Location);
        return database with { FromTemplate = true };
    }

    static readonly Lazy<string> SqliteTemplate = new(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"opencheckout-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteCheckoutDb>().UseSqlite($"Data Source={path};Pooling=False").Options;
        using (var db = new SqliteCheckoutDb(options))
        {
            db.Database.Migrate();
            // Rollback journal in the template: a copy has no WAL file to go with it; the server turns WAL on at start.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=DELETE;");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    public static TestDatabase New(DatabaseProvider provider, string folder) =>
        provider == DatabaseProvider.Sqlite ? NewSqlite(folder) : Task.Run(NewPostgresAsync).GetAwaiter().GetResult();

    /// <summary>A database the server must create (SQLite) or migrate (PostgreSQL) itself at start.</summary>
    public static TestDatabase NewEmpty(DatabaseProvider provider, string folder) => provider == DatabaseProvider.Sqlite
        ? NewSqlitePath(folder)
        : Task.Run(async () => new TestDatabase(DatabaseProvider.Postgres, await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync())).GetAwaiter().GetResult();

    public static async Task<TestDatabase> NewPostgresAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        await EnsureTemplateAsync(cluster);
        return new TestDatabase(DatabaseProvider.Postgres, await cluster.CreateDatabaseAsync(Template), FromTemplate: true);
    }

    /// <summary>The server's settings for this database.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        if (Provider == DatabaseProvider.Sqlite) yield return new("OpenCheckout:Database:Path", Location);
        else
        {
            yield return new("OpenCheckout:Database:Provider", "Postgres");
            yield return new("OpenCheckout:Database:ConnectionString", Location);
        }
        // Made from a migrated template: a test server need not check its migrations again (ProviderTests does).
        if (FromTemplate) yield return new("OpenCheckout:Database:MigrateOnStart", "false");
    }

    /// <summary>Holds writes to <paramref name="table"/> until disposed, as another writer would: SQLite's write lock (every
    /// table), or PostgreSQL's EXCLUSIVE lock on the table (reads go on).</summary>
    public async Task<HeldWrites> HoldWritesAsync(string table)
    {
        System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Location};Pooling=False")
            : new NpgsqlConnection(Location);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync(); // SQLite: BEGIN IMMEDIATE, the write lock
        if (Provider == DatabaseProvider.Postgres)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"LOCK TABLE \"{table}\" IN EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync();
        }
        return new HeldWrites(connection, transaction);
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, read as another client of the database would
    /// (identifiers double-quoted, which both providers read).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Location};Pooling=False")
            : new NpgsqlConnection(Location);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The holding connection's transaction: what it writes commits when it lets go, as another node's write would.</summary>
    public sealed class HeldWrites(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction) : IAsyncDisposable
    {
        public async Task<int> ExecuteAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteNonQueryAsync();
        }

        /// <summary>PostgreSQL: waits until a statement of another session waits for a lock (the one this holds).</summary>
        public Task WaitForAWaiterAsync() => WaitForWaitersAsync(1);

        /// <summary>PostgreSQL: waits until <paramref name="count"/> statements of other sessions wait for a lock (the one this
        /// holds, or a row one of them holds), counting only statements whose text contains <paramref name="statementContaining"/>
        /// when given (e.g. <c>UPDATE "CheckoutSessions"</c>), so that a background worker's wait is not taken for the test's.</summary>
        public async Task WaitForWaitersAsync(int count, string? statementContaining = null)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (await CountWaitersAsync(statementContaining) < count)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Fewer than {count} statements ({statementContaining ?? "any"}) waited for a lock.");
                await Task.Delay(20);
            }
        }

        /// <summary>PostgreSQL: how many statements of other sessions wait for a lock now (see <see cref="WaitForWaitersAsync"/>).</summary>
        public async Task<long> CountWaitersAsync(string? statementContaining = null)
        {
            // Statistics views are read once per transaction unless the snapshot is dropped.
            await ExecuteAsync("SELECT pg_stat_clear_snapshot()");
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                + " AND strpos(query, @text) > 0";
            var text = command.CreateParameter();
            (text.ParameterName, text.Value) = ("text", statementContaining ?? "");
            command.Parameters.Add(text);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }

    public async Task DropAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            foreach (var suffix in (string[])["", "-wal", "-shm"]) File.Delete(Location + suffix);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(Location);
    }

    static async Task EnsureTemplateAsync(PostgresCluster cluster)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateReady) return;
            await cluster.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Template}\" WITH (FORCE)");
            await cluster.ExecuteAsync($"CREATE DATABASE \"{Template}\"");
            var options = new DbContextOptionsBuilder<PostgresCheckoutDb>().UseNpgsql(cluster.ConnectionString(Template)).Options;
            await using (var db = new PostgresCheckoutDb(options)) await db.Database.MigrateAsync();
            NpgsqlConnection.ClearAllPools();
            _templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }
}
