using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary><c>/healthz</c>: the process is up. <c>/readyz</c> (what the balancer asks): the database answers and has every
/// migration this node knows.</summary>
public abstract class HealthTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Healthz_AndReadyz_Answer200_WhenTheDatabaseIsMigrated()
    {
        using var http = _app.Http();

        using var healthz = await http.GetAsync("/healthz");
        using var readyz = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        Assert.StartsWith("Healthy", await readyz.Content.ReadAsStringAsync());
        Assert.Equal("no-store", readyz.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Readyz_Is503NamingTheMigration_WhileOneIsNotApplied_AndHealthzStays200()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var last = db.Database.GetMigrations().Last();
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
        using var http = _app.Http();

        using var readyz = await http.GetAsync("/readyz");
        using var healthz = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Contains(last, await readyz.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }
}

public sealed class HealthTestsOnSqlite() : HealthTests(DatabaseProvider.Sqlite);
public sealed class HealthTestsOnPostgres() : HealthTests(DatabaseProvider.Postgres);
