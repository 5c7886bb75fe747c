using Microsoft.Extensions.DependencyInjection;
using Shop.Webhooks;

namespace Shop.Tests;

/// <summary>In Development, with no webhook secret configured, the shop registers its own endpoint, and the server's
/// deliveries to it fulfil orders with nobody visiting /success.</summary>
public sealed class DevWebhookRegistrationTests : IAsyncLifetime
{
    CheckoutServer _server = null!;
    ShopApp _shop = null!;

    public Task InitializeAsync()
    {
        _server = new CheckoutServer();
        _shop = new ShopApp(_server.BaseAddress, _server.TestKey, webhookSecret: null, environment: "Development");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Paying_WithoutEverReturningToTheShop_IsFulfilledByTheServersWebhook()
    {
        await RegisteredSecretAsync(_shop);
        var (sessionId, _) = await _shop.BuyAsync();

        await SignedEvents.PayAsync(_server, sessionId, "left-early@example.com"); // and the buyer closes the tab

        await Wait.ForAsync(async () => await _shop.CountOrdersAsync(sessionId) == 1 ? "" : null, "the webhook to record the order");
        var order = await _shop.Services.GetRequiredService<Shop.Orders.OrderStore>().FindAsync(sessionId);
        Assert.Equal("webhook", order!.FulfilledBy);
        Assert.Equal("left-early@example.com", order.Email);
        Assert.Equal(2000, order.AmountTotal);
    }

    [Fact]
    public async Task Restarting_ReusesTheEndpointForTheSameUrl_WithANewSecret()
    {
        var firstSecret = await RegisteredSecretAsync(_shop);
        await using var restarted = new ShopApp(_server.BaseAddress, _server.TestKey, webhookSecret: null, environment: "Development",
            settings: new Dictionary<string, string?> { ["Shop:PublicUrl"] = _shop.BaseAddress.ToString() });

        var secondSecret = await RegisteredSecretAsync(restarted);

        using var client = _server.Client();
        var endpoints = await client.Webhooks.ListAutoPagingAsync().ToListAsync();
        var endpoint = Assert.Single(endpoints);
        Assert.Equal(_shop.WebhookUrl, endpoint.Url);
        Assert.Equal("enabled", endpoint.Status);
        Assert.NotEqual(firstSecret, secondSecret);
    }

    static Task<string> RegisteredSecretAsync(ShopApp shop) =>
        Wait.ForAsync(() => Task.FromResult(shop.Services.GetRequiredService<WebhookSecret>().Value), "the shop to register its webhook endpoint");
}
