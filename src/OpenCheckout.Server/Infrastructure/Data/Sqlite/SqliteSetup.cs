using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

static class SqliteSetup
{
    public static void AddSqliteData(this IServiceCollection services)
    {
        services.AddSingleton<SqliteDurabilityInterceptor>();
        services.AddSingleton<PreparedSqlite>();
        // Pooled contexts with options built once: per-request context set-up was a visible share of a GET's cost.
        services.AddDbContextPool<CheckoutDb, SqliteCheckoutDb>((provider, options) =>
            options.UseSqlite(ConnectionString(provider.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Database.Path))
                .AddInterceptors(provider.GetRequiredService<SqliteDurabilityInterceptor>())
                .AddCheckoutInterceptors(provider));
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupCommit>());
        services.AddSingleton<IUnitOfWork>(provider => provider.GetRequiredService<GroupCommit>());
        services.AddSingleton<WalCheckpointer>();
        services.AddHostedService(provider => provider.GetRequiredService<WalCheckpointer>());
    }

    public static string ConnectionString(string path, bool pooling = true) =>
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = pooling }.ToString();

    /// <summary>Creates the database file on first start and applies pending migrations.</summary>
    public static async Task MigrateAsync(IServiceProvider services, OpenCheckoutOptions.DatabaseOptions options, bool migrate)
    {
        // Checked first, so that a bad setting stops the start before the file is created or migrated.
        if (options.MemoryLimitMegabytes < 0)
            throw new InvalidOperationException("OpenCheckout:Database:MemoryLimitMegabytes must be 0 (no limit) or more.");
        UseMultiThreadMode();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Path))!);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        // WAL lets readers run alongside the writer; it is a property of the file, so set once.
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        if (migrate) await db.Database.MigrateAsync();
        LimitMemory(options.MemoryLimitMegabytes);
    }

    /// <summary>SQLite takes a mutex around every call on a connection unless it is told that no connection is used by two
    /// threads at once, which holds here: EF Core's contexts, the prepared-statement pools and the group commit's writer
    /// each hand a connection to one user at a time. The mode can only be chosen before SQLite starts, so this runs before
    /// the first connection opens; in a process that started SQLite earlier (a test host, say) the call is refused and
    /// SQLite keeps locking, which is slower, not wrong.</summary>
    static void UseMultiThreadMode()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
    }

    /// <summary>Each connection keeps its own page cache (2 MB by default) and the server opens a dozen or more under
    /// load; a process-wide soft limit makes SQLite recycle cached pages instead of growing past it. A miss costs a
    /// read from the operating system's file cache.</summary>
    static void LimitMemory(int megabytes) => SQLitePCL.raw.sqlite3_soft_heap_limit64(megabytes * 1024L * 1024);
}
