using OpenCheckout.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Postgres;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary>The suites written once for both providers really run on each: the server's context and unit of work are the
/// provider's, it applies every migration to an empty database at start, and the model has no change without a migration.</summary>
public abstract class ProviderTests(DatabaseProvider provider) : IAsyncLifetime
{
    // An empty database: the server migrates it at start.
    readonly TestApp _app = new(TestDatabase.NewEmpty(provider, "opencheckout-tests"), ownsDatabase: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Server_UsesTheProvidersContextAndWrites_WithEveryMigrationApplied()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var writes = _app.Services.GetRequiredService<IUnitOfWork>();
        if (provider == DatabaseProvider.Postgres)
        {
            Assert.IsType<PostgresCheckoutDb>(db);
            Assert.IsType<PostgresUnitOfWork>(writes);
        }
        else
        {
            Assert.IsType<SqliteCheckoutDb>(db);
            Assert.IsType<GroupCommit>(writes);
        }
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add for this provider.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}

public sealed class ProviderTestsOnSqlite() : ProviderTests(DatabaseProvider.Sqlite);
public sealed class ProviderTestsOnPostgres() : ProviderTests(DatabaseProvider.Postgres);
