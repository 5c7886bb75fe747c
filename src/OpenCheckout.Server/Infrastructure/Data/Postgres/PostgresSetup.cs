using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

static class PostgresSetup
{
    public static void AddPostgresData(this IServiceCollection services)
    {
        services.AddSingleton(provider => DataSource(provider.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Database));
        services.AddSingleton<RowLockInterceptor>();
        services.AddPooledDbContextFactory<PostgresCheckoutDb>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(provider.GetRequiredService<RowLockInterceptor>())
                .AddCheckoutInterceptors(provider));
        services.AddScoped<CheckoutDb>(provider => provider.GetRequiredService<IDbContextFactory<PostgresCheckoutDb>>().CreateDbContext());
        services.AddSingleton<IUnitOfWork, PostgresUnitOfWork>();
        services.AddHostedService<PostgresSignalListener>();
    }

    /// <summary>Every command, and opening a connection, is bounded by <c>Database:CommandTimeout</c>, so an unreachable
    /// database answers 503 in seconds instead of hanging; TCP keepalives notice a server that vanished. Unless the
    /// connection string says otherwise, statements used twice are prepared on each connection, and a connection goes back
    /// to the pool without <c>DISCARD ALL</c>, which would drop them: no code here leaves session state behind (locks are
    /// transaction-scoped).</summary>
    static NpgsqlDataSource DataSource(OpenCheckoutOptions.DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException("OpenCheckout:Database:ConnectionString is required when OpenCheckout:Database:Provider is Postgres.");
        var seconds = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        const string Defaults = "Max Auto Prepare=64;Auto Prepare Min Usages=2;No Reset On Close=true;";
        var connection = new NpgsqlConnectionStringBuilder(Defaults + options.ConnectionString) { CommandTimeout = seconds, Timeout = seconds };
        if (connection.KeepAlive == 0) connection.KeepAlive = 5;
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }

    /// <summary>Waits until the database answers (a node may start before it), then applies pending migrations unless told
    /// not to. Several nodes starting together are safe: EF Core migrates under a lock.</summary>
    public static async Task MigrateAsync(IServiceProvider services, OpenCheckoutOptions.DatabaseOptions options, bool migrate)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenCheckout.Database");
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                break;
            }
            catch (Exception e) when (e.IsUnavailable())
            {
                var wait = TimeSpan.FromSeconds(Math.Min(attempt, 5));
                log.LogWarning("Waiting for the database ({Host}): {Error} Retrying in {Seconds} s.",
                    new NpgsqlConnectionStringBuilder(options.ConnectionString).Host, e.Message, wait.TotalSeconds);
                await Task.Delay(wait);
            }
        }
        if (!migrate) return;
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CheckoutDb>().Database.MigrateAsync();
    }
}
