using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Infrastructure.Data;

public sealed class SqliteCheckoutDb(DbContextOptions<SqliteCheckoutDb> options) : CheckoutDb(options);

/// <summary>Every connection runs with synchronous=FULL (a 2xx means the commit reached the disk)
/// and waits for the writer lock instead of failing at once. The settings belong to the physical
/// connection, which Microsoft.Data.Sqlite pools, so they are applied once per physical connection.</summary>
sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    /// <summary>Every server connection, readers included, waits up to 30 s for the lock instead of failing at once.</summary>
    public const string BusyTimeout = "PRAGMA busy_timeout=30000;";
    const string Pragmas = "PRAGMA synchronous=FULL; " + BusyTimeout + " PRAGMA foreign_keys=ON;";
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
