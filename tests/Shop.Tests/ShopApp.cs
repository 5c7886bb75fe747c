using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Tests;

/// <summary>The sample shop on Kestrel (a free port on 127.0.0.1) with its own SQLite file, configured the way its
/// README says: OpenCheckout base URL, test key and (optionally) webhook secret.</summary>
public sealed partial class ShopApp : WebApplicationFactory<ShopProgram>
{
    readonly Dictionary<string, string?> _settings;
    readonly string _environment;

    /// <param name="webhookSecret">Null: none configured, so in Development the shop registers its own endpoint.</param>
    public ShopApp(Uri openCheckout, string apiKey, string? webhookSecret = null, string environment = "Development",
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        _environment = environment;
        _settings = new()
        {
            ["OpenCheckout:BaseUrl"] = openCheckout.ToString(),
            ["OpenCheckout:ApiKey"] = apiKey,
            ["OpenCheckout:WebhookSecret"] = webhookSecret ?? "",
            ["Shop:DatabasePath"] = DatabasePath,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(0);
        StartServer();
    }

    public string DatabasePath { get; } = CheckoutServer.TempFile("shop.db");

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    public string WebhookUrl => new Uri(BaseAddress, "webhooks").AbsoluteUri;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>A plain HTTP client on the shop's real port: no cookies, no redirects followed.</summary>
    public HttpClient Http() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    /// <summary>Presses Buy (POST /buy) and returns the checkout session it created, read from the 303's Location.</summary>
    public Task<(string SessionId, Uri HostedPage)> BuyAsync() => CheckoutAsync("/buy");

    /// <summary>Presses Join (POST /join): the membership's subscription-mode checkout session.</summary>
    public Task<(string SessionId, Uri HostedPage)> JoinAsync() => CheckoutAsync("/join");

    async Task<(string SessionId, Uri HostedPage)> CheckoutAsync(string path)
    {
        using var http = Http();
        using var response = await http.PostAsync(path, null);
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!;
        return (SessionIdInPath().Match(location.AbsolutePath).Groups[1].Value, location);
    }

    /// <summary>Orders recorded for the session, counted in the shop's SQLite file itself.</summary>
    public async Task<long> CountOrdersAsync(string checkoutSessionId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM orders WHERE checkout_session_id = $id";
        count.Parameters.AddWithValue("$id", checkoutSessionId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("^/pay/c/(fcs_[0-9A-Za-z]+)$")]
    private static partial Regex SessionIdInPath();
}
