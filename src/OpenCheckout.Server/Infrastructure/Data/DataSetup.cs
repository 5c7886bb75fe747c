using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Data;

static class DataSetup
{
    public static void AddCheckoutData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SqliteDurabilityInterceptor>();
        // Pooled contexts with options built once: per-request context set-up was a visible share of a GET's cost.
        builder.Services.AddDbContextPool<CheckoutDb, SqliteCheckoutDb>((services, options) =>
        {
            var path = services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Database.Path;
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString();
            options.UseSqlite(connectionString)
                .AddInterceptors(services.GetRequiredService<SqliteDurabilityInterceptor>(),
                    services.GetRequiredService<OpenCheckout.Server.Features.Webhooks.WakeDispatcherOnCommit>());
        });
    }

    /// <summary>Creates the database file on first start and applies pending migrations.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        var path = services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Database.Path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        // WAL lets readers run alongside the writer; it is a property of the file, so set once.
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
    }
}
