using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>A 2xx means the change is on disk: the file is in WAL mode and the server's connections commit with synchronous=FULL.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DatabaseFile_IsInWalMode()
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ServerConnections_CommitWithSynchronousFull()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!); // 2 = FULL
        // SQLite's own default may already be FULL, so also check a setting whose default differs: it proves the
        // server's connection set-up ran on this connection.
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(30000L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Migrations_MatchTheModel()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
