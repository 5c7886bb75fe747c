using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

public sealed class SqliteCheckoutDb(DbContextOptions<SqliteCheckoutDb> options) : CheckoutDb(options);

/// <summary>Every connection runs with synchronous=FULL (a 2xx means the commit reached the disk)
/// and waits for the writer lock instead of failing at once. The settings belong to the physical
/// connection, which Microsoft.Data.Sqlite pools, so they are applied once per physical connection.</summary>
sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    /// <summary>How long a server connection, readers included, waits for the lock before failing.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    public static readonly string BusyTimeout = $"PRAGMA busy_timeout={(int)LockWait.TotalMilliseconds};";
    static readonly string Pragmas = "PRAGMA synchronous=FULL; " + BusyTimeout + " PRAGMA foreign_keys=ON;";
    readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstUse(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstUse(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    bool FirstUse(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, true);
}

/// <summary>Lets `dotnet ef migrations add` build the SQLite context without starting the server.</summary>
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCheckoutDb>
{
    public SqliteCheckoutDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCheckoutDb>().UseSqlite("Data Source=design.db").Options);
}
