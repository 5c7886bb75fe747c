using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenCheckout.Testing;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Subscriptions;

namespace OpenCheckout.Server.Tests;

/// <summary>The real server on Kestrel (a real port on 127.0.0.1), its own database (a SQLite file by default, or a
/// PostgreSQL database), and a clock the test moves. A database made for the app alone is dropped (or deleted) when it is disposed.</summary>
public sealed class TestApp(TestDatabase? database = null, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
    bool ownsDatabase = false, Action<IServiceCollection>? services = null)
    : KestrelServerFactory(database ?? TestDatabase.NewSqlite("opencheckout-tests"), clock ?? new FakeTimeProvider(Start), settings, services)
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A server on a new database of <paramref name="provider"/>'s.</summary>
    public TestApp(DatabaseProvider provider, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
        : this(TestDatabase.New(provider, "opencheckout-tests"), clock, settings, ownsDatabase: true, services)
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase) await Database.DropAsync();
    }

    /// <summary>The server's clock. Settings go in <c>settings</c>, e.g. <c>["OpenCheckout:Webhooks:Timeout"] = "00:00:01"</c>.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public static TestDatabase NewDatabase(DatabaseProvider provider = DatabaseProvider.Sqlite) => TestDatabase.New(provider, "opencheckout-tests");

    /// <summary>A new merchant account with its keys, made the way the admin command makes one. Unless
    /// <paramref name="liveProcessor"/> is false, its live mode is connected to a processor whose keys reach nothing (live
    /// sessions can be made, not paid), as an operator's <c>processor set</c> would.</summary>
    public async Task<TestMerchant> CreateMerchantAsync(string name = "Test shop", bool liveProcessor = true)
    {
        var created = await CreateAccountAsync(name);
        var merchant = new TestMerchant(this, created.Account.Id, created.TestKey, created.LiveKey);
        if (liveProcessor) await merchant.ConnectLiveProcessorAsync();
        return merchant;
    }

    /// <summary>An HTTP client on the real port, without cookies or redirects, authenticated with <paramref name="apiKey"/> if given.</summary>
    public HttpClient Http(string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public Task<int> SweepExpiredAsync() =>
        Services.GetServices<IHostedService>().OfType<ExpirySweeperWorker>().Single().SweepAsync(CancellationToken.None);

    public Task<int> OpenDueDisputesAsync() =>
        Services.GetServices<IHostedService>().OfType<DisputeWorker>().Single().OpenDueAsync(CancellationToken.None);

    public Task<int> LapseDueAuthorizationsAsync() =>
        Services.GetServices<IHostedService>().OfType<AuthorizationLapseWorker>().Single().LapseDueAsync(CancellationToken.None);

    /// <summary>Renews, ends and retries the subscriptions due at the server's clock (those on no test clock).</summary>
    public Task<(int Periods, int Retries)> RenewDueAsync() =>
        Services.GetServices<IHostedService>().OfType<RenewalWorker>().Single().SweepAsync(CancellationToken.None);

    public Task<int> DecideDueDisputesAsync() =>
        Services.GetServices<IHostedService>().OfType<DisputeWorker>().Single().DecideDueAsync(CancellationToken.None);
}

public sealed record TestMerchant(TestApp App, string AccountId, string TestKey, string LiveKey)
{
    public HttpClient Api(bool live = false) => App.Http(live ? LiveKey : TestKey);

    /// <summary>Gives the account a live processor (keys that reach nothing), as <c>processor set</c> does.</summary>
    public async Task ConnectLiveProcessorAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OpenCheckout.Server.Features.Processors.ProcessorSettings>().SetStripeAsync(AccountId,
            new("sk_live_unreachable0000", "pk_live_unreachable0000", null), CancellationToken.None);
    }

    /// <summary>Creates a product and a price over HTTP and returns the price id.</summary>
    public async Task<string> CreatePriceAsync(long unitAmount = 2000, string currency = "usd", bool live = false, string productName = "T-shirt")
    {
        using var api = Api(live);
        var product = await (await api.PostAsync("/v1/products", Json.Body($$"""{"name":"{{productName}}"}"""))).ReadJsonAsync();
        var productId = product.GetProperty("product").GetProperty("product_id").GetString();
        var response = await api.PostAsync("/v1/prices",
            Json.Body($$"""{"product":"{{productId}}","unit_amount":{{unitAmount}},"currency":"{{currency}}"}"""));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("price").GetProperty("price_id").GetString()!;
    }

    /// <summary>Creates a session for one unit of <paramref name="priceId"/>, exactly as the redirect guide does.</summary>
    public async Task<JsonElement> CreateSessionAsync(string priceId, bool live = false, long quantity = 1)
    {
        using var api = Api(live);
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
             "cancel_url":"https://shop.example/cancel",
             "line_items":[{"price_id":"{{priceId}}","quantity":{{quantity}}}],"mode":"payment"}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("checkout_session");
    }

    public async Task<JsonElement> GetSessionAsync(string sessionId, bool live = false)
    {
        using var api = Api(live);
        var response = await api.GetAsync($"/v1/checkout/sessions/{sessionId}");
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("checkout_session");
    }
}

static class Json
{
    public static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());
}
