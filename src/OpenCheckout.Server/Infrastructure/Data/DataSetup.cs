using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data.Postgres;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Infrastructure.Data;

static class DataSetup
{
    public static void AddCheckoutData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AfterCommitInterceptor>();
        if (builder.UsesPostgres()) builder.Services.AddPostgresData();
        else builder.Services.AddSqliteData();
    }

    public static bool UsesPostgres(this WebApplicationBuilder builder) =>
        builder.Configuration.GetValue<DatabaseProvider>($"{OpenCheckoutOptions.Section}:Database:Provider") == DatabaseProvider.Postgres;

    /// <summary>Registers <typeparamref name="TSqlite"/> or <typeparamref name="TPostgres"/> as <typeparamref name="TService"/>, by
    /// the configured provider: a feature's fast path for one provider, and its portable (EF Core) path.</summary>
    public static void AddPerProvider<TService, TSqlite, TPostgres>(this WebApplicationBuilder builder, ServiceLifetime lifetime)
        where TService : class where TSqlite : class, TService where TPostgres : class, TService =>
        builder.Services.Add(new ServiceDescriptor(typeof(TService), builder.UsesPostgres() ? typeof(TPostgres) : typeof(TSqlite), lifetime));

    /// <summary>What every provider's context gets: the after-commit actions, and any interceptor a feature registered.</summary>
    public static DbContextOptionsBuilder AddCheckoutInterceptors(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors([services.GetRequiredService<AfterCommitInterceptor>(), .. services.GetServices<IInterceptor>()]);

    /// <summary><c>migrate</c>: applies pending migrations and exits, for deployments that migrate once before rolling nodes.</summary>
    public static bool IsMigrateCommand(string[] args) => args is ["migrate", ..];

    /// <summary>Gets the database ready before the server starts: creates it (SQLite) or waits for it (PostgreSQL), and
    /// applies pending migrations when <c>Database:MigrateOnStart</c> (or <paramref name="forceMigrate"/>) says so.</summary>
    public static Task PrepareDatabaseAsync(this IServiceProvider services, bool forceMigrate = false)
    {
        var options = services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Database;
        var migrate = forceMigrate || options.MigrateOnStart;
        return options.Provider == DatabaseProvider.Postgres
            ? PostgresSetup.MigrateAsync(services, options, migrate)
            : SqliteSetup.MigrateAsync(services, options, migrate);
    }
}
