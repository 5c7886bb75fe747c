using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.Accounts;

namespace OpenCheckout.Testing;

/// <summary>The real OpenCheckout server for tests, shared by every test project (linked into each): Kestrel on a free
/// 127.0.0.1 port, its own database (a SQLite file, or a PostgreSQL database: <see cref="TestDatabase"/>), optional
/// settings, and optionally a clock the test owns.</summary>
public abstract class KestrelServerFactory : WebApplicationFactory<Program>
{
    readonly TimeProvider? _clock;
    readonly IReadOnlyDictionary<string, string?> _settings;
    readonly Action<IServiceCollection>? _services;

    protected KestrelServerFactory(string databasePath, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
        : this(new TestDatabase(OpenCheckout.Server.DatabaseProvider.Sqlite, databasePath), clock, settings)
    {
    }

    /// <param name="services">Adds to the server's services, after its own (e.g. an EF Core interceptor that plays another node).</param>
    protected KestrelServerFactory(TestDatabase database, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        Database = database;
        _clock = clock;
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
        UseKestrel(0);
        StartServer();
    }

    public TestDatabase Database { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string DatabasePath => Database.Path;

    /// <summary>Where Kestrel actually listens (a free port picked at start).</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static string NewDatabasePath(string folder) => Path.Combine(Path.GetTempPath(), folder, $"{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Database.Settings()) builder.UseSetting(key, value);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_clock is not null) builder.ConfigureServices(services => services.AddSingleton(_clock));
        if (_services is not null) builder.ConfigureServices(_services);
    }

    /// <summary>A new merchant account with its keys, made the way the admin command makes one.</summary>
    public async Task<AccountStore.NewAccount> CreateAccountAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountStore>().CreateAccountAsync(name);
    }
}
