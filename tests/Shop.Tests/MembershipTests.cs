using Microsoft.Extensions.DependencyInjection;
using Shop.Memberships;
using Shop.Webhooks;

namespace Shop.Tests;

/// <summary>The membership, as Flex's subscription guide says: joining starts a subscription, whose webhooks grant access;
/// canceling it revokes access. The server's real deliveries to the shop's own endpoint, with nobody visiting /success.</summary>
public sealed class MembershipTests : IAsyncLifetime
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
    public async Task Joining_GrantsAccessFromTheWebhook_AndCancelingRevokesIt()
    {
        await Wait.ForAsync(() => Task.FromResult(_shop.Services.GetRequiredService<WebhookSecret>().Value), "the shop to register its webhook endpoint");
        var (sessionId, _) = await _shop.JoinAsync();
        using var client = _server.Client();
        Assert.Equal("subscription", (await client.CheckoutSessions.GetAsync(sessionId)).Mode);

        await SignedEvents.PayAsync(_server, sessionId, "member@example.com");

        var subscriptionId = (await client.CheckoutSessions.GetAsync(sessionId)).Subscription!;
        var granted = await Wait.ForAsync(async () => (await MembershipAsync(subscriptionId)) is { HasAccess: true } m ? m : null,
            "the subscription's webhook to grant access");
        Assert.Equal("active", granted.Status);

        await client.Subscriptions.CancelAsync(subscriptionId);

        var revoked = await Wait.ForAsync(async () => (await MembershipAsync(subscriptionId)) is { HasAccess: false } m ? m : null,
            "the cancellation's webhook to revoke access");
        Assert.Equal("canceled", revoked.Status);
        using var http = _shop.Http();
        Assert.Contains(subscriptionId, await http.GetStringAsync("/memberships"));
    }

    async Task<Membership?> MembershipAsync(string subscriptionId) =>
        (await _shop.Services.GetRequiredService<MembershipStore>().ListAsync()).SingleOrDefault(m => m.SubscriptionId == subscriptionId);
}
