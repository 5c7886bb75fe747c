using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>A failing receiver, driven by the clock: retries on the contract's schedule, every attempt listed,
/// giving up after the last retry, and an endpoint that fails for three days disabled.</summary>
public abstract class DeliveryRetryTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider, settings: WebhookKit.ClockJumpSettings);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Retry Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ReceiverFailingThreeTimes_IsRetriedOnSchedule_DeliveredOnFourthAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var calls = 0;
        receiver.Respond = (_, _) =>
        {
            var call = Interlocked.Increment(ref calls);
            return Task.FromResult(call <= 3 ? new Reply(500, $"boom {call}") : new Reply(200, "thanks"));
        };
        var webhook = await _merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        var webhookId = webhook.Str("webhook_id");
        await _merchant.CreatePaidSessionAsync();
        List<DateTimeOffset> attemptTimes = [_app.Now()];
        await _app.DeliverDueAsync();
        Assert.Single(receiver.Received);

        foreach (var delay in (TimeSpan[])[TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)])
            attemptTimes.Add(await RetryIsDueAfterAsync(webhookId, delay, receiver));

        await NothingIsDueAsync(webhookId);
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _app.DeliverDueAsync();
        Assert.Equal(4, receiver.Received.Count);

        var eventId = Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        Assert.All(receiver.Received.Zip(attemptTimes), pair =>
        {
            Assert.Equal(pair.Second.ToUnixTimeSeconds().ToString(), pair.First.Header("webhook-timestamp"));
            Assert.True(pair.First.VerifiesWith(webhook.Str("signing_secret"), pair.Second));
        });

        var attempts = await _merchant.DeliveriesAsync(webhookId);
        Assert.Equal([4, 3, 2, 1], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal([200, 500, 500, 500], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal([true, false, false, false], attempts.Select(a => a.GetProperty("succeeded").GetBoolean()));
        // A loopback receiver's answers are never kept: the log must not be a way to read a local service (WebhookTargetTests).
        Assert.All(attempts, a => Assert.Equal(JsonValueKind.Null, a.GetProperty("response_snippet").ValueKind));
        Assert.Equal(JsonValueKind.Null, attempts[0].GetProperty("error").ValueKind);
        Assert.All(attempts.Skip(1), a => Assert.Equal("HTTP 500", a.Str("error")));
        Assert.Equal(attemptTimes.Select(t => t.ToUnixTimeSeconds()).Reverse(), attempts.Select(a => a.GetProperty("attempted_at").GetInt64()));
        Assert.All(attempts, a =>
        {
            Assert.InRange(a.GetProperty("latency_ms").GetInt64(), 0, 15_000);
            Assert.Equal(eventId, a.Str("event_id"));
            Assert.Equal("checkout.session.completed", a.Str("event_type"));
            Assert.StartsWith("fwdl_", a.Str("delivery_id"));
        });
        Assert.Single(attempts.Select(a => a.Str("delivery_id")).Distinct());

        using var api = _merchant.Api();
        var oneEvent = await (await api.GetAsync($"/v1/webhooks/{webhookId}/deliveries?event_id={eventId}&limit=2")).ReadJsonAsync();
        Assert.Equal(2, oneEvent.GetProperty("deliveries").GetArrayLength());
        Assert.True(oneEvent.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task ReceiverAlwaysFailing_IsRetriedSevenTimes_ThenTheDeliveryIsFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(new Reply(503, "down for maintenance"));
        var webhook = await _merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        var webhookId = webhook.Str("webhook_id");
        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();

        // Contract section 10, written out: the code's own constant would agree with itself whatever it said.
        TimeSpan[] schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
            TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)];
        foreach (var delay in schedule) await RetryIsDueAfterAsync(webhookId, delay, receiver);
        Assert.Equal(8, receiver.Received.Count);

        Assert.Equal(DeliveryStatus.Failed, (await DeliveryAsync(webhookId)).Status);
        _app.Clock.Advance(TimeSpan.FromDays(2));
        await _app.DeliverDueAsync();
        Assert.Equal(8, receiver.Received.Count);
        var attempts = await _merchant.DeliveriesAsync(webhookId);
        Assert.Equal(8, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(503, a.GetProperty("status_code").GetInt32()));
        // About 28 hours of failures: short of the three days that disable an endpoint.
        Assert.Equal("enabled", (await _merchant.GetWebhookAsync(webhookId)).Str("status"));
    }

    [Fact]
    public async Task EndpointFailingForThreeDays_IsDisabled_AndReceivesNothingMore()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(new Reply(500, "broken"));
        var webhook = await _merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        var webhookId = webhook.Str("webhook_id");
        var firstFailure = _app.Now();

        // A sale a day, each retried on schedule, every hour of three days driven through the dispatcher.
        for (var hour = 0; hour < 72; hour++)
        {
            if (hour % 24 == 0) await _merchant.CreatePaidSessionAsync();
            await _app.DeliverDueAsync();
            Assert.Equal("enabled", (await _merchant.GetWebhookAsync(webhookId)).Str("status"));
            _app.Clock.Advance(TimeSpan.FromHours(1));
        }
        Assert.Equal(firstFailure.AddDays(3), _app.Now());
        var before = receiver.Received.Count;
        Assert.True(before > 10, $"Only {before} attempts over three days.");

        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        var sent = receiver.Received.Count;
        Assert.True(sent > before);
        var disabled = await _merchant.GetWebhookAsync(webhookId);
        Assert.Equal("disabled", disabled.Str("status"));
        Assert.Contains("3 days", disabled.Str("disabled_reason"));

        // Retries still pending are dropped, and new events are not queued for it.
        await _merchant.CreatePaidSessionAsync();
        for (var hour = 0; hour < 24; hour++)
        {
            _app.Clock.Advance(TimeSpan.FromHours(1));
            await _app.DeliverDueAsync();
        }
        Assert.Equal(sent, receiver.Received.Count);
        await NothingIsDueAsync(webhookId);
        var dropped = (await _merchant.DeliveriesAsync(webhookId)).Where(a => a.GetProperty("status_code").ValueKind == JsonValueKind.Null).ToList();
        Assert.NotEmpty(dropped);
        Assert.All(dropped, a => Assert.Contains("disabled", a.Str("error")));

        using var api = _merchant.Api();
        var enabled = await api.PostAsync($"/v1/webhooks/{webhookId}", Json.Body("""{"status":"enabled"}"""));
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var reenabled = (await enabled.ReadJsonAsync()).GetProperty("webhook");
        Assert.Equal("enabled", reenabled.Str("status"));
        Assert.Equal(JsonValueKind.Null, reenabled.GetProperty("disabled_reason").ValueKind);
    }

    /// <summary>Asserts the next retry is <paramref name="delay"/> ±10% after the last attempt; that nothing is sent just
    /// short of it and the retry is sent at it. Returns when it was sent.</summary>
    async Task<DateTimeOffset> RetryIsDueAfterAsync(string webhookId, TimeSpan delay, WebhookReceiver receiver)
    {
        var sent = receiver.Received.Count;
        var lastAttempt = _app.Now();
        var delivery = await DeliveryAsync(webhookId);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        var next = new DateTimeOffset(delivery.NextAttemptAt, TimeSpan.Zero);
        Assert.InRange(next - lastAttempt, delay * 0.9, delay * 1.1);

        _app.Clock.SetUtcNow(next - TimeSpan.FromMilliseconds(1));
        await _app.DeliverDueAsync();
        Assert.Equal(sent, receiver.Received.Count);

        _app.Clock.SetUtcNow(next);
        await _app.DeliverDueAsync();
        Assert.Equal(sent + 1, receiver.Received.Count);
        return next;
    }

    async Task NothingIsDueAsync(string webhookId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        Assert.False(await db.WebhookDeliveries.AnyAsync(d => d.EndpointId == webhookId && d.Status == DeliveryStatus.Pending));
    }

    async Task<WebhookDelivery> DeliveryAsync(string webhookId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        return await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.EndpointId == webhookId);
    }
}

public sealed class DeliveryRetryTestsOnSqlite() : DeliveryRetryTests(DatabaseProvider.Sqlite);
public sealed class DeliveryRetryTestsOnPostgres() : DeliveryRetryTests(DatabaseProvider.Postgres);
