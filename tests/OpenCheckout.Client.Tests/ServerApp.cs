using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenCheckout.Testing;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The real server (shared <see cref="KestrelServerFactory"/>) on a fake clock that starts at the real time now,
/// so webhook timestamps pass a real-time tolerance check.</summary>
/// <param name="settings">Server settings, e.g. <c>["OpenCheckout:Disputes:SweepInterval"] = "00:00:00.100"</c>.</param>
public sealed class ServerApp(FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    : KestrelServerFactory(NewDatabasePath("opencheckout-client-tests"), clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow), settings)
{
    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    /// <summary>A new merchant account's test key, made the way the admin command makes one.</summary>
    public async Task<string> CreateTestKeyAsync(string name = "Test shop") => (await CreateAccountAsync(name)).TestKey;

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

/// <summary>A test class with the real server and an SDK client for a new merchant on it.</summary>
public abstract class ServerClientTest : IAsyncLifetime
{
    protected readonly ServerApp App = new();
    protected OpenCheckoutClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await App.CreateClientAsync();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
