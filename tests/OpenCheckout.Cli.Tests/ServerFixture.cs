using OpenCheckout.Testing;

namespace OpenCheckout.Cli.Tests;

/// <summary>The real server on Kestrel (a free port on 127.0.0.1), its own SQLite file, the real clock (the CLI checks webhook
/// timestamps against it), disputes that open (and are decided) after one second instead of thirty, and webhooks that reach public addresses
/// only (as on a shared server): whatever reaches a local app got there through <c>listen</c>'s event stream. One per test class; each test makes
/// its own merchant, so tests never see each other's objects or events.</summary>
public sealed class ServerFixture() : KestrelServerFactory(NewDatabasePath("opencheckout-cli-tests"), settings: new Dictionary<string, string?>
{
    ["OpenCheckout:Disputes:Delay"] = "00:00:01",
    ["OpenCheckout:Disputes:SweepInterval"] = "00:00:01",
    ["OpenCheckout:Disputes:ReviewDelay"] = "00:00:01",
    ["OpenCheckout:Webhooks:TestModeTargets"] = "None",
})
{
    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in (string[])["", "-wal", "-shm"]) File.Delete(DatabasePath + suffix);
    }

    /// <summary>A new merchant account, made the way the admin command makes one.</summary>
    public async Task<Merchant> CreateMerchantAsync(string name = "CLI test shop")
    {
        var created = await CreateAccountAsync(name);
        return new Merchant(this, created.Account.Id, created.TestKey, created.LiveKey);
    }
}

public sealed record Merchant(ServerFixture Server, string AccountId, string TestKey, string LiveKey)
{
    /// <summary>Runs the CLI with this merchant's test key and the server's address in the environment, as a user would set them.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync(args, Environment());

    public CliProcess Start(params string[] args) => CliProcess.Start(args, Environment());

    /// <param name="baseUrl">Where the CLI finds the server; default its own address.</param>
    public Dictionary<string, string> Environment(string? baseUrl = null) => new()
    {
        ["OPENCHECKOUT_API_KEY"] = TestKey,
        ["OPENCHECKOUT_BASE_URL"] = baseUrl ?? Server.BaseUrl,
    };

    /// <summary>A plain HTTP client for checking what the CLI did, straight from the API.</summary>
    public HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestKey);
        return http;
    }
}
