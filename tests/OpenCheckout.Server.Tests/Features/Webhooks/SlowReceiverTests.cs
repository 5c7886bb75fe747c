using System.Diagnostics;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>Sends run concurrently: an endpoint that hangs holds one send until the timeout, never the others.</summary>
public abstract class SlowReceiverTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider, settings: new Dictionary<string, string?> { ["OpenCheckout:Webhooks:Timeout"] = "00:00:01" });
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Slow Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SlowReceiver_TimesOut_WithoutDelayingAnotherEndpoint()
    {
        await using var fast = await WebhookReceiver.StartAsync();
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Respond = async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct); // ends when the sender gives up and drops the connection
            return Reply.Ok;
        };
        var fastId = (await _merchant.CreateWebhookAsync(fast.Url(), ["checkout.session.completed"])).Str("webhook_id");
        await _merchant.CreatePaidSessionAsync(); // a first delivery, so the timed one below measures sending, not warming up
        await _app.DeliverDueAsync();
        var slowId = (await _merchant.CreateWebhookAsync(slow.Url(), ["checkout.session.completed"])).Str("webhook_id");

        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        var paid = Stopwatch.StartNew();
        Assert.True((await _merchant.PayAsync(session.Str("id"))).IsSuccessStatusCode);
        var fastAttempts = await WaitForAttemptsAsync(fastId, 2);

        // The slow send started with the fast one and cannot be recorded before its 1 s timeout.
        Assert.Empty(await _merchant.DeliveriesAsync(slowId));
        Assert.True(fastAttempts[0].GetProperty("succeeded").GetBoolean());
        await slow.WaitForAsync(1);

        await _app.DeliverDueAsync();
        var timedOut = Assert.Single(await _merchant.DeliveriesAsync(slowId));
        Assert.False(timedOut.GetProperty("succeeded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, timedOut.GetProperty("status_code").ValueKind);
        Assert.Contains("Timed out", timedOut.Str("error"));
        Assert.InRange(timedOut.GetProperty("latency_ms").GetInt64(), 900, 10_000);
        Assert.True(paid.Elapsed >= TimeSpan.FromSeconds(0.9));
        Assert.Single(slow.Received);

        // Retried on the schedule like any failure.
        _app.Clock.Advance(TimeSpan.FromSeconds(6));
        slow.Respond = (_, _) => Task.FromResult(Reply.Ok);
        await _app.DeliverDueAsync(); // or the background dispatcher, woken meanwhile, sends it: either way once
        await slow.WaitForAsync(2);
        Assert.True((await WaitForAttemptsAsync(slowId, 2))[0].GetProperty("succeeded").GetBoolean());
        Assert.Equal(2, slow.Received.Count);
    }

    async Task<List<JsonElement>> WaitForAttemptsAsync(string webhookId, int count)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var attempts = await _merchant.DeliveriesAsync(webhookId);
            if (attempts.Count >= count) return attempts;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"Only {attempts.Count} attempts recorded.");
            await Task.Delay(10);
        }
    }
}

public sealed class SlowReceiverTestsOnSqlite() : SlowReceiverTests(DatabaseProvider.Sqlite);
public sealed class SlowReceiverTestsOnPostgres() : SlowReceiverTests(DatabaseProvider.Postgres);
