using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenCheckout.Server.Features.Accounts;

namespace OpenCheckout.Client.Tests;

/// <summary>The real server on Kestrel (a free port on 127.0.0.1) with its own SQLite file and a clock the test owns —
/// the Server tests' TestApp, cut down to what the SDK tests need.</summary>
public sealed class ServerApp : WebApplicationFactory<Program>
{
    readonly string _databasePath = Path.Combine(Path.GetTempPath(), "opencheckout-client-tests", $"{Guid.NewGuid():N}.db");

    /// <param name="clock">Defaults to a fake clock at the real time now, so webhook timestamps pass a real-time tolerance check.</param>
    public ServerApp(FakeTimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        UseKestrel(0);
        StartServer();
    }

    public FakeTimeProvider Clock { get; }

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenCheckout:Database:Path", _databasePath);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A new merchant account's test key, made the way the admin command makes one.</summary>
    public async Task<string> CreateTestKeyAsync(string name = "Test shop")
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountStore>().CreateAccountAsync(name)).TestKey;
    }

    /// <summary>A plain SDK client for a new merchant; <paramref name="configure"/> adjusts its options.</summary>
    public async Task<OpenCheckoutClient> CreateClientAsync(Action<OpenCheckoutClientOptions>? configure = null)
    {
        var options = new OpenCheckoutClientOptions { ApiKey = await CreateTestKeyAsync(), BaseUrl = BaseUrl };
        configure?.Invoke(options);
        return new OpenCheckoutClient(options);
    }
}

/// <summary>Shortcuts for the catalog every test needs.</summary>
static class Shop
{
    public const string SuccessUrl = "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}";
    public const string CancelUrl = "https://shop.example/cancel";

    public static async Task<Wire.Price> CreatePriceAsync(this OpenCheckoutClient client, long unitAmount = 2000, string name = "T-shirt")
    {
        var product = await client.Products.CreateAsync(new CreateProductRequest(name));
        return await client.Prices.CreateAsync(new CreatePriceRequest(product.ProductId, unitAmount) { Currency = "usd" });
    }

    public static Task<Wire.CheckoutSession> CreateSessionAsync(this OpenCheckoutClient client, string priceId, long quantity = 1,
        string? clientReferenceId = null) =>
        client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest([new CheckoutLineItemRequest(priceId, quantity)], SuccessUrl)
        {
            CancelUrl = CancelUrl,
            Mode = "payment",
            ClientReferenceId = clientReferenceId,
        });
}
