using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Refunds;

namespace OpenCheckout.Server.Tests.Features.Payments;

/// <summary><c>capture_method: manual</c>: authorize at checkout, capture later with <c>POST /v1/checkout/sessions/{id}/capture</c>.
/// Meanwhile the session is complete and (as in Stripe) unpaid, and its payment intent requires_capture.</summary>
public abstract class ManualCaptureTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<string> ManualSessionAsync(long amount = 4200)
    {
        var price = await _merchant.CreatePriceAsync(amount);
        using var api = _merchant.Api();
        var created = await api.PostAsync("/v1/checkout/sessions", Json.Body(
            $$"""{"success_url": "https://shop.example/ok", "capture_method": "manual", "line_items": [{"price": "{{price}}", "quantity": 1}]}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("checkout_session").Id();
    }

    async Task<HttpResponseMessage> CaptureAsync(string sessionId, string? body = null)
    {
        using var api = _merchant.Api();
        return await api.PostAsync($"/v1/checkout/sessions/{sessionId}/capture", body is null ? null : Json.Body(body));
    }

    [Fact]
    public async Task Authorized_LeavesSessionCompleteUnpaid_AndIntentRequiresCapture_UntilCaptured()
    {
        var sessionId = await ManualSessionAsync();
        var authorized = (await Paid.PayAsync(_merchant, sessionId)).Session;
        Assert.Equal("complete", authorized.Status());
        Assert.Equal("unpaid", authorized.GetProperty("payment_status").GetString());
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(sessionId));
        Assert.Equal("requires_capture", intent.GetProperty("status").GetString());
        Assert.Equal("manual", intent.GetProperty("capture_method").GetString());
        Assert.Equal(4200, intent.GetProperty("amount_capturable").GetInt64());
        Assert.Equal(0, intent.GetProperty("amount_received").GetInt64());
        var completed = Assert.Single(await Paid.EventsAsync(_merchant, "checkout.session.completed"));
        Assert.Equal("unpaid", completed.GetProperty("object").GetProperty("checkout_session").GetProperty("payment_status").GetString());
        Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.amount_capturable_updated"));
        Assert.Empty(await Paid.EventsAsync(_merchant, "payment_intent.succeeded"));

        // Nothing was taken yet, so nothing can be refunded.
        using var api = _merchant.Api();
        var refund = await api.PostAsync($"/v1/checkout/sessions/{sessionId}/refund", Json.Body("{}"));
        await ApiAssert.ErrorAsync(refund, HttpStatusCode.UnprocessableEntity, "invalid_request_error", "payment_intent_unexpected_state");

        var captured = await CaptureAsync(sessionId);
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        var session = (await captured.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("complete", session.Status());
        Assert.Equal("paid", session.GetProperty("payment_status").GetString());
        intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(sessionId));
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Equal(4200, intent.GetProperty("amount_received").GetInt64());
        Assert.Equal(0, intent.GetProperty("amount_capturable").GetInt64());
        Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.succeeded"));
        Assert.Single(await Paid.EventsAsync(_merchant, "charge.captured"));

        // Captured once: a second capture is a conflict, and now the payment can be refunded.
        await ApiAssert.ErrorAsync(await CaptureAsync(sessionId), HttpStatusCode.Conflict, "invalid_request_error", "payment_intent_unexpected_state");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/checkout/sessions/{sessionId}/refund", Json.Body("{}"))).StatusCode);
    }

    [Fact]
    public async Task PartialCapture_TakesThatAmount_AndMoreThanAuthorizedIsRefused()
    {
        var sessionId = await ManualSessionAsync(5000);
        await Paid.PayAsync(_merchant, sessionId);
        await ApiAssert.ErrorAsync(await CaptureAsync(sessionId, """{"amount_to_capture": 5001}"""), HttpStatusCode.BadRequest,
            "invalid_request_error", "amount_too_large", "amount_to_capture");

        Assert.Equal(HttpStatusCode.OK, (await CaptureAsync(sessionId, """{"checkout_session": {"amount_to_capture": 3000}}""")).StatusCode);
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(sessionId));
        Assert.Equal(3000, intent.GetProperty("amount_received").GetInt64());
        using var api = _merchant.Api();
        var tooMuch = await api.PostAsync($"/v1/checkout/sessions/{sessionId}/refund", Json.Body("""{"amount": 3001}"""));
        await ApiAssert.ErrorAsync(tooMuch, HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large");
    }

    [Fact]
    public async Task ConcurrentCaptures_CaptureOnce()
    {
        var sessionId = await ManualSessionAsync();
        await Paid.PayAsync(_merchant, sessionId);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CaptureAsync(sessionId)));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.succeeded"));
    }

    [Fact]
    public async Task Capture_OfAnOpenSession_Is422_OfAnAutomaticOne_Is409_OfAnUnknownOne_Is404()
    {
        var open = await ManualSessionAsync();
        await ApiAssert.ErrorAsync(await CaptureAsync(open), HttpStatusCode.UnprocessableEntity, "invalid_request_error", "checkout_session_not_complete");
        var automatic = await Paid.SessionAsync(_merchant, 1000);
        Assert.Equal("paid", automatic.Session.GetProperty("payment_status").GetString());
        await ApiAssert.ErrorAsync(await CaptureAsync(automatic.SessionId), HttpStatusCode.Conflict, "invalid_request_error", "payment_intent_unexpected_state");
        await ApiAssert.ErrorAsync(await CaptureAsync("fcs_01HW6FC7ZYWNW4XFSE1KMD8JDW"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await CaptureAsync(open, """{"amount_to_capture": 0}"""), HttpStatusCode.BadRequest, "invalid_request_error",
            "parameter_out_of_range", "amount_to_capture");
    }
}

public sealed class ManualCaptureTestsOnSqlite() : ManualCaptureTests(DatabaseProvider.Sqlite);
public sealed class ManualCaptureTestsOnPostgres() : ManualCaptureTests(DatabaseProvider.Postgres);
