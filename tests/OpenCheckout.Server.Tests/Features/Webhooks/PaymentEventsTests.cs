using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>A payment's events, as recorded and as delivered: the right types in the right order, signed the Standard
/// Webhooks way, to exactly the endpoints subscribed to them, and the same bytes the events API serves.</summary>
public abstract class PaymentEventsTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Event Shop");
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task PaidAfterDecline_RecordsEventsInOrder_DeliversEachSignedToSubscribedEndpoints()
    {
        var all = await _merchant.CreateWebhookAsync(_receiver.Url("/all"), ["*"]);
        var completedOnly = await _merchant.CreateWebhookAsync(_receiver.Url("/completed"), ["checkout.session.completed"]);
        var sessionId = await CreateSessionAsync();

        var declined = await _merchant.PayAsync(sessionId, WebhookKit.DeclinedCard);
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        _app.Clock.Advance(TimeSpan.FromSeconds(30)); // the buyer tries another card
        var paid = await _merchant.PayAsync(sessionId);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        await _app.DeliverDueAsync();

        var events = await _merchant.ListEventsAsync();
        events.Reverse();
        Assert.Equal(
            ["payment_intent.created", "payment_intent.payment_failed", "charge.failed",
             "customer.created", "payment_intent.succeeded", "charge.succeeded", "checkout.session.completed"],
            events.Select(e => e.Str("event_type")));
        var bodies = events.ToDictionary(e => e.Str("event_id"), e => e.GetRawText());
        Assert.All(events, e => Assert.StartsWith("fevt_", e.Str("event_id")));

        var toAll = _receiver.Received.Where(r => r.Path == "/all").ToList();
        Assert.Equal(bodies.Keys.Order(), toAll.Select(r => r.Id).Order());
        foreach (var request in toAll)
        {
            AssertSignedDelivery(request, all.Str("signing_secret"));
            Assert.Equal(bodies[request.Id], request.Body);
        }

        var toCompleted = Assert.Single(_receiver.Received, r => r.Path == "/completed");
        AssertSignedDelivery(toCompleted, completedOnly.Str("signing_secret"));
        Assert.Equal("checkout.session.completed", toCompleted.Json.Str("event_type"));
        Assert.False(toCompleted.VerifiesWith(all.Str("signing_secret"), _app.Now()), "Each endpoint signs with its own secret.");

        var completed = toCompleted.Json;
        Assert.Equal(JsonValueKind.Number, completed.GetProperty("event_dt").ValueKind);
        Assert.Equal(_app.Now().ToUnixTimeSeconds(), completed.GetProperty("event_dt").GetInt64());
        Assert.True(completed.GetProperty("test_mode").GetBoolean());
        Assert.Equal(["event_id", "event_type", "event_dt", "test_mode", "object"], completed.EnumerateObject().Select(p => p.Name));
        var session = completed.GetProperty("object").GetProperty("checkout_session");
        Assert.Equal(sessionId, session.Str("id"));
        Assert.Equal("complete", session.Str("status"));
        Assert.Equal("paid", session.Str("payment_status"));
        Assert.Equal("https://shop.example/success?session_id={CHECKOUT_SESSION_ID}", session.Str("success_url"));
        Assert.Equal("order-1234", session.Str("client_reference_id"));
        Assert.Equal("42", session.GetProperty("metadata").Str("cart_id"));
        Assert.Equal(2500, session.GetProperty("amount_total").GetInt64());
        Assert.Equal((await _merchant.GetSessionAsync(sessionId)).GetRawText(), session.GetRawText());

        var intentId = session.Str("payment_intent");
        Assert.All(new[] { 0, 1, 4 }, i => Assert.Equal(intentId, events[i].GetProperty("object").GetProperty("payment_intent").Str("payment_intent_id")));
        Assert.Equal("requires_payment_method", events[1].GetProperty("object").GetProperty("payment_intent").Str("status"));
        Assert.Equal("succeeded", events[4].GetProperty("object").GetProperty("payment_intent").Str("status"));
        Assert.Equal(session.Str("customer"), events[3].GetProperty("object").GetProperty("customer").Str("customer_id"));
        Assert.True(events[2].GetProperty("object").TryGetProperty("charge", out _));
        Assert.True(events[5].GetProperty("object").TryGetProperty("charge", out _));
    }

    [Fact]
    public async Task EventsApi_ServesTheDeliveredPayloads()
    {
        await _merchant.CreateWebhookAsync(_receiver.Url("/api"), ["*"]);
        var sessionId = await CreateSessionAsync();
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayAsync(sessionId)).StatusCode);
        await _app.DeliverDueAsync();

        using var api = _merchant.Api();
        var delivered = _receiver.Received.Where(r => r.Path == "/api").ToList();
        Assert.NotEmpty(delivered);
        foreach (var request in delivered)
        {
            var response = await api.GetAsync($"/v1/events/{request.Id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(request.Body, (await response.ReadJsonAsync()).GetProperty("event").GetRawText());
        }

        var completed = await _merchant.ListEventsAsync("type=checkout.session.completed");
        var mine = Assert.Single(completed, e => e.GetProperty("object").GetProperty("checkout_session").Str("id") == sessionId);
        Assert.Equal(Assert.Single(delivered, r => r.Json.Str("event_type") == "checkout.session.completed").Body, mine.GetRawText());
        Assert.All(completed, e => Assert.Equal("checkout.session.completed", e.Str("event_type")));
    }

    /// <summary>What the merchant's handler checks: both header families, the id is the event's, the signature verifies.</summary>
    void AssertSignedDelivery(ReceivedWebhook request, string secret)
    {
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("content-type"));
        foreach (var name in (string[])["id", "timestamp", "signature"])
        {
            Assert.False(string.IsNullOrEmpty(request.Header("webhook-" + name)), $"webhook-{name} is missing");
            Assert.Equal(request.Header("webhook-" + name), request.Header("svix-" + name));
        }
        Assert.Equal(request.Json.Str("event_id"), request.Header("webhook-id"));
        // Sent when the dispatcher sent it: the declined attempt's events possibly before the clock moved on.
        Assert.InRange(long.Parse(request.Header("webhook-timestamp")!), _app.Now().AddMinutes(-1).ToUnixTimeSeconds(), _app.Now().ToUnixTimeSeconds());
        Assert.True(request.VerifiesWith(secret, _app.Now()), $"Signature of {request.Id} does not verify.");
        Assert.True(request.VerifiesWithSvixHeadersOnly(secret, _app.Now()), $"Signature of {request.Id} does not verify from svix- headers.");
    }

    async Task<string> CreateSessionAsync()
    {
        var priceId = await _merchant.CreatePriceAsync(2500);
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
             "cancel_url":"https://shop.example/cancel", "client_reference_id":"order-1234", "metadata":{"cart_id":"42"},
             "line_items":[{"price":"{{priceId}}","quantity":1}],"mode":"payment"}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("checkout_session").Str("id");
    }
}

public sealed class PaymentEventsTestsOnSqlite() : PaymentEventsTests(DatabaseProvider.Sqlite);
public sealed class PaymentEventsTestsOnPostgres() : PaymentEventsTests(DatabaseProvider.Postgres);
