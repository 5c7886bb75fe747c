using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Infrastructure.Data;

public sealed class SqliteCheckoutDb(DbContextOptions<SqliteCheckoutDb> options) : CheckoutDb(options);

/// <summary>Every connection runs with synchronous=FULL (a 2xx means the commit reached the disk)
/// and waits for the writer lock instead of failing at once.</summary>
sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Lets `dotnet ef migrations add` build the SQLite context without starting the server.</summary>
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCheckoutDb>
{
    public SqliteCheckoutDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCheckoutDb>().UseSqlite("Data Source=design.db").Options);
}
