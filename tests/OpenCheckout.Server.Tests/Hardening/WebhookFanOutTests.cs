using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Webhooks;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Webhook fan-out cannot stall everyone (issue 18, defect 6): endpoints per account are bounded, a payment writes
/// its events and no per-endpoint rows, and one slow receiver holds a few of a node's send slots, not all of them.</summary>
public abstract class WebhookFanOutTests(DatabaseProvider provider)
{
    [Fact]
    public async Task EndpointsPerAccount_AreBounded_EvenWhenCreatedConcurrently_AndEachModeCountsItsOwn()
    {
        await using var app = new TestApp(provider, settings: new Dictionary<string, string?> { ["OpenCheckout:Webhooks:MaxEndpointsPerAccount"] = "3" });
        var merchant = await app.CreateMerchantAsync();
        using var api = merchant.Api();
        var body = JsonSerializer.Serialize(new { webhook = new { url = "http://127.0.0.1:9/hooks", events = new[] { "*" } } });

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.PostAsync("/v1/webhooks", Json.Body(body))));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            await ApiAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "invalid_request_error", "webhook_endpoints_limit");
        Assert.Equal(3, (await api.ListAsync("/v1/webhooks?limit=100", "webhooks")).Length);
        using var live = merchant.Api(live: true);
        Assert.Equal(HttpStatusCode.OK, (await live.PostAsync("/v1/webhooks", Json.Body(
            JsonSerializer.Serialize(new { webhook = new { url = "https://hooks.shop.example/x", events = new[] { "*" } } })))).StatusCode);
    }

    [Fact]
    public async Task SlowReceiver_HoldsAtMostItsShareOfTheSendSlots_WhileOtherEndpointsAreServed()
    {
        await using var app = new TestApp(provider, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:Webhooks:MaxConcurrency"] = "4",
            ["OpenCheckout:Webhooks:MaxConcurrencyPerEndpoint"] = "2",
            ["OpenCheckout:Webhooks:Timeout"] = "00:01:00",
        });
        var merchant = await app.CreateMerchantAsync();
        await using var slow = await WebhookReceiver.StartAsync();
        await using var fast = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.Respond = async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return Reply.Ok;
        };
        try
        {
            await merchant.CreateWebhookAsync(slow.Url(), ["*"]);
            await merchant.CreateWebhookAsync(fast.Url(), ["*"]);

            await merchant.CreatePaidSessionAsync();
            await merchant.CreatePaidSessionAsync();
            var events = (await merchant.ListEventsAsync()).Count;

            // The slow receiver holds two slots; the other two carry every delivery to the fast one, in seconds.
            await fast.WaitForAsync(events, TimeSpan.FromSeconds(20));
            Assert.Equal(2, slow.Received.Count);
        }
        finally
        {
            release.TrySetResult();
        }
        await slow.WaitForAsync((await merchant.ListEventsAsync()).Count, TimeSpan.FromSeconds(20));
    }
}

public sealed class WebhookFanOutTestsOnSqlite() : WebhookFanOutTests(DatabaseProvider.Sqlite);
public sealed class WebhookFanOutTestsOnPostgres() : WebhookFanOutTests(DatabaseProvider.Postgres);

/// <summary>On PostgreSQL, where another node's write to one table need not wait for another's: a payment commits while every
/// write to the deliveries table is held, because its transaction writes only its events (the outbox).</summary>
public sealed class WebhookOutboxTestsOnPostgres
{
    [Fact]
    public async Task Payment_WithManyEndpoints_CommitsWhileTheDeliveriesTableIsHeld_AndIsDeliveredAfter()
    {
        await using var app = new TestApp(DatabaseProvider.Postgres);
        var merchant = await app.CreateMerchantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 16; i++) await merchant.CreateWebhookAsync(receiver.Url($"/hooks/{i}"), ["checkout.session.completed"]);
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());

        await using (await app.Database.HoldWritesAsync("WebhookDeliveries"))
        {
            var paid = await merchant.PayWithTestHelperAsync(session.Id()).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }

        await app.DeliverDueAsync();
        Assert.Equal(16, (await receiver.WaitForAsync(16)).Select(r => r.Path).Distinct().Count());
    }
}
