using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

/// <summary>Open read-only SQLite connections that keep their compiled statements (<see cref="PreparedConnection"/>).
/// The hottest reads (a session by id, a page of sessions, the prices of a new session) run here instead of through
/// EF Core, each SQL text compiled once per connection.</summary>
public sealed class PreparedSqlite(IOptions<OpenCheckoutOptions> options) : IDisposable
{
    // Reads run synchronously (SQLite has no asynchronous I/O), so a connection is rented for microseconds and
    // a few cover every core; the rest are closed, since each holds its own page cache.
    static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    // Not from Microsoft.Data.Sqlite's pool: these connections are query_only, and must never be handed to a writer.
    readonly string _connectionString = SqliteSetup.ConnectionString(options.Value.Database.Path, pooling: false);
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
        prepared.ExecuteScript(SqliteDurabilityInterceptor.BusyTimeout + " PRAGMA query_only=1;");
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

