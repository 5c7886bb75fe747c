using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Refunds;

namespace OpenCheckout.Server.Tests.Features.Payments;

/// <summary>What becomes of a manual-capture session's authorization: captured (and a capture stored, readable at
/// <c>/v1/captures</c>), released by <c>POST /v1/checkout/sessions/{id}/cancel</c>, or lapsed after 7 days in test mode with
/// <c>charge.expired</c>. Exactly one of them happens.</summary>
public abstract class CapturesTests(DatabaseProvider provider) : IAsyncLifetime
{
    static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A manual-capture session of one line of <paramref name="amount"/>, paid (so authorized) through the test helper.</summary>
    async Task<Paid.PaidSession> AuthorizedAsync(long amount = 4200, string extra = "")
    {
        var price = await _merchant.CreatePriceAsync(amount);
        using var api = _merchant.Api();
        var created = await api.PostAsync("/v1/checkout/sessions", Json.Body(
            $$"""{"success_url": "https://shop.example/ok", "capture_method": "manual", "line_items": [{"price": "{{price}}", "quantity": 1}]{{extra}}}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return await Paid.PayAsync(_merchant, (await created.ReadJsonAsync()).GetProperty("checkout_session").Id());
    }

    async Task<HttpResponseMessage> PostAsync(string path, string? body = null)
    {
        using var api = _merchant.Api();
        return await api.PostAsync(path, body is null ? null : Json.Body(body));
    }

    Task<HttpResponseMessage> CaptureAsync(string sessionId, string? body = null) => PostAsync($"/v1/checkout/sessions/{sessionId}/capture", body);

    Task<HttpResponseMessage> CancelAsync(string sessionId, string? body = null) => PostAsync($"/v1/checkout/sessions/{sessionId}/cancel", body);

    async Task<JsonElement[]> CapturesAsync(string query = "")
    {
        using var api = _merchant.Api();
        return await api.ListAsync("/v1/captures?limit=100" + query, "captures");
    }

    async Task<string> IntentStatusAsync(string paymentIntentId) =>
        (await Paid.PaymentIntentAsync(_merchant, paymentIntentId)).GetProperty("status").GetString()!;

    [Fact]
    public async Task Capture_StoresACapture_ReadableByIdAndListedForItsSession()
    {
        var whole = await AuthorizedAsync(4200, """, "shipping_options": [{"shipping_rate_data": {"display_name": "Post", "amount": 500}}]""");
        var captured = await CaptureAsync(whole.SessionId, """{"checkout_session": {"capture_metadata": {"order_id": "8842"}}}""");
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        Assert.Equal("paid", (await captured.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("payment_status").GetString());
        var partial = await AuthorizedAsync(5000);
        _app.Clock.Advance(TimeSpan.FromSeconds(1)); // ids sort by creation to the millisecond
        Assert.Equal(HttpStatusCode.OK, (await CaptureAsync(partial.SessionId, """{"amount_to_capture": 3000}""")).StatusCode);
        var automatic = await Paid.SessionAsync(_merchant, 1000);

        var capture = Assert.Single(await CapturesAsync($"&checkout_session={whole.SessionId}"));
        var captureId = capture.GetProperty("capture_id").GetString()!;
        Assert.StartsWith("fcap_", captureId);
        Assert.Equal(4700, capture.GetProperty("amount_captured").GetInt64());
        Assert.Equal(4700, capture.GetProperty("amount").GetInt64());
        Assert.Equal(500, capture.GetProperty("amount_shipping_captured").GetInt64());
        Assert.Equal(0, capture.GetProperty("amount_tax_captured").GetInt64());
        Assert.Equal("usd", capture.GetProperty("currency").GetString());
        Assert.Equal(whole.SessionId, capture.GetProperty("checkout_session").GetString());
        Assert.Equal(whole.PaymentIntentId, capture.GetProperty("payment_intent").GetString());
        Assert.StartsWith("fch_", capture.GetProperty("charge").GetString());
        Assert.Equal("succeeded", capture.GetProperty("status").GetString());
        Assert.Equal("8842", capture.GetProperty("metadata").GetProperty("order_id").GetString());
        Assert.Equal(TestApp.Start.ToUnixTimeSeconds(), capture.GetProperty("created_at").GetInt64());
        Assert.True(capture.GetProperty("test_mode").GetBoolean());

        using var api = _merchant.Api();
        var fetched = await api.GetAsync($"/v1/captures/{captureId}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(capture.GetRawText(), (await fetched.ReadJsonAsync()).GetProperty("capture").GetRawText());

        var partialCapture = Assert.Single(await CapturesAsync($"&payment_intent={partial.PaymentIntentId}"));
        Assert.Equal(3000, partialCapture.GetProperty("amount_captured").GetInt64());
        Assert.Empty(partialCapture.GetProperty("metadata").EnumerateObject());
        // Automatic capture takes the payment when it is made: no capture object (Stripe has none; Flex's come from capture calls).
        Assert.Empty(await CapturesAsync($"&checkout_session={automatic.SessionId}"));

        // Newest first, cursor paging as on every list.
        Assert.Equal([partialCapture.GetProperty("capture_id").GetString(), captureId],
            (await CapturesAsync()).Select(c => c.GetProperty("capture_id").GetString()));
        var first = await (await api.GetAsync("/v1/captures?limit=1")).ReadJsonAsync();
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var next = await (await api.GetAsync($"/v1/captures?limit=1&starting_after={first.GetProperty("captures")[0].GetProperty("capture_id").GetString()}"))
            .ReadJsonAsync();
        Assert.Equal(captureId, Assert.Single(next.GetProperty("captures").EnumerateArray()).GetProperty("capture_id").GetString());
        Assert.False(next.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task UpdateCapture_ByPatchOrPost_ReplacesItsMetadata_AndBadInputChangesNothing()
    {
        var paid = await AuthorizedAsync();
        Assert.Equal(HttpStatusCode.OK, (await CaptureAsync(paid.SessionId, """{"capture_metadata": {"a": "1"}}""")).StatusCode);
        var captureId = Assert.Single(await CapturesAsync()).GetProperty("capture_id").GetString()!;
        using var api = _merchant.Api();

        var patched = await api.PatchJsonAsync($"/v1/captures/{captureId}", """{"capture": {"metadata": {"order_id": "8842", "channel": "shopify"}}}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var metadata = (await patched.ReadJsonAsync()).GetProperty("capture").GetProperty("metadata");
        Assert.Equal(["channel", "order_id"], metadata.EnumerateObject().Select(p => p.Name).Order());

        // POST, flat, echoing read-only fields back: accepted; the metadata is replaced as a whole.
        var posted = await api.PostJsonAsync($"/v1/captures/{captureId}", $$$"""{"capture_id": "{{{captureId}}}", "amount": 1, "metadata": {"b": "2"}}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(4200, (await posted.ReadJsonAsync()).GetProperty("capture").GetProperty("amount").GetInt64());

        await ApiAssert.ErrorAsync(await api.PatchJsonAsync($"/v1/captures/{captureId}", """{"capture": {"metadata": "x"}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_object", "metadata");
        await ApiAssert.ErrorAsync(await api.PatchJsonAsync($"/v1/captures/{captureId}", """{"capture": {"amount_to_capture": 5}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "amount_to_capture");
        await ApiAssert.ErrorAsync(await api.PatchJsonAsync($"/v1/captures/{captureId}", "{\"metadata\": {"),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        await ApiAssert.ErrorAsync(await api.PatchJsonAsync("/v1/captures/fcap_01HW6FC7ZYWNW4XFSE1KMD8JDW", """{"metadata": {}}"""),
            HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await api.GetAsync("/v1/captures/fcap_01HW6FC7ZYWNW4XFSE1KMD8JDW"),
            HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await api.GetAsync("/v1/captures?limit=0"), HttpStatusCode.BadRequest, "invalid_request_error",
            "parameter_invalid_integer", "limit");

        var kept = (await (await api.GetAsync($"/v1/captures/{captureId}")).ReadJsonAsync()).GetProperty("capture").GetProperty("metadata");
        Assert.Equal("""{"b":"2"}""", kept.GetRawText());
    }

    [Fact]
    public async Task Cancel_ReleasesTheAuthorization_TheSessionStaysCompleteUnpaid_AndNothingCanFollowIt()
    {
        var paid = await AuthorizedAsync();

        var canceled = await CancelAsync(paid.SessionId);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        var session = (await canceled.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("complete", session.Status());
        Assert.Equal("unpaid", session.GetProperty("payment_status").GetString());
        var intent = await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId);
        Assert.Equal("canceled", intent.GetProperty("status").GetString());
        Assert.Equal(0, intent.GetProperty("amount_capturable").GetInt64());
        Assert.Equal(0, intent.GetProperty("amount_received").GetInt64());
        var canceledEvent = Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.canceled"));
        Assert.Equal("canceled", canceledEvent.GetProperty("object").GetProperty("payment_intent").GetProperty("status").GetString());
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.expired"));

        await ApiAssert.ErrorAsync(await CancelAsync(paid.SessionId), HttpStatusCode.Conflict, "invalid_request_error", "payment_intent_unexpected_state");
        await ApiAssert.ErrorAsync(await CaptureAsync(paid.SessionId), HttpStatusCode.Conflict, "invalid_request_error", "payment_intent_unexpected_state");
        await ApiAssert.ErrorAsync(await PostAsync($"/v1/checkout/sessions/{paid.SessionId}/refund", "{}"), HttpStatusCode.UnprocessableEntity,
            "invalid_request_error", "payment_intent_unexpected_state");
        Assert.Equal("canceled", await IntentStatusAsync(paid.PaymentIntentId));
        Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.canceled"));
        Assert.Empty(await Paid.EventsAsync(_merchant, "payment_intent.succeeded"));
        Assert.Empty(await CapturesAsync());
        // Nothing to lapse later either.
        _app.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await _app.LapseDueAuthorizationsAsync());
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.expired"));
    }

    [Fact]
    public async Task Cancel_WhenThereIsNoAuthorizationToRelease_IsA4xx_AndChangesNothing()
    {
        var open = (await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(1000))).Id();
        await ApiAssert.ErrorAsync(await CancelAsync(open), HttpStatusCode.UnprocessableEntity, "invalid_request_error", "checkout_session_not_complete");
        Assert.Equal("open", (await _merchant.GetSessionAsync(open)).Status());

        var automatic = await Paid.SessionAsync(_merchant, 1000);
        await ApiAssert.ErrorAsync(await CancelAsync(automatic.SessionId), HttpStatusCode.Conflict, "invalid_request_error",
            "payment_intent_unexpected_state");
        Assert.Equal("succeeded", await IntentStatusAsync(automatic.PaymentIntentId));

        var captured = await AuthorizedAsync();
        Assert.Equal(HttpStatusCode.OK, (await CaptureAsync(captured.SessionId)).StatusCode);
        await ApiAssert.ErrorAsync(await CancelAsync(captured.SessionId), HttpStatusCode.Conflict, "invalid_request_error",
            "payment_intent_unexpected_state");
        Assert.Equal("succeeded", await IntentStatusAsync(captured.PaymentIntentId));

        var authorized = await AuthorizedAsync();
        await ApiAssert.ErrorAsync(await CancelAsync(authorized.SessionId, """{"cancellation_reason": "abandoned"}"""), HttpStatusCode.BadRequest,
            "invalid_request_error", "parameter_unknown", "cancellation_reason");
        await ApiAssert.ErrorAsync(await CancelAsync(authorized.SessionId, "[1]"), HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        await ApiAssert.ErrorAsync(await CancelAsync("fcs_01HW6FC7ZYWNW4XFSE1KMD8JDW"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await CaptureAsync(authorized.SessionId, """{"capture_metadata": ["x"]}"""), HttpStatusCode.BadRequest,
            "invalid_request_error", "parameter_invalid_object", "capture_metadata");
        Assert.Equal("requires_capture", await IntentStatusAsync(authorized.PaymentIntentId));
        Assert.Single(await CapturesAsync());
        Assert.Empty(await Paid.EventsAsync(_merchant, "payment_intent.canceled"));

        // An empty body, {} and the wrapped {} all release it.
        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(authorized.SessionId, """{"checkout_session": {}}""")).StatusCode);
    }

    [Fact]
    public async Task CaptureRacingCancel_HasExactlyOneOutcome()
    {
        for (var round = 0; round < 3; round++)
        {
            var paid = await AuthorizedAsync();
            var racing = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? CaptureAsync(paid.SessionId) : CancelAsync(paid.SessionId)).ToList();
            var answers = await Task.WhenAll(racing);
            var winner = Assert.Single(answers.Select((a, i) => (Answer: a, Capture: i % 2 == 0)), a => a.Answer.StatusCode == HttpStatusCode.OK);
            Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));

            var captures = await CapturesAsync($"&checkout_session={paid.SessionId}");
            var session = await _merchant.GetSessionAsync(paid.SessionId);
            if (winner.Capture)
            {
                Assert.Equal("succeeded", await IntentStatusAsync(paid.PaymentIntentId));
                Assert.Single(captures);
                Assert.Equal("paid", session.GetProperty("payment_status").GetString());
            }
            else
            {
                Assert.Equal("canceled", await IntentStatusAsync(paid.PaymentIntentId));
                Assert.Empty(captures);
                Assert.Equal("unpaid", session.GetProperty("payment_status").GetString());
            }
        }
        var canceledEvents = (await Paid.EventsAsync(_merchant, "payment_intent.canceled")).Count;
        var capturedEvents = (await Paid.EventsAsync(_merchant, "charge.captured")).Count;
        Assert.Equal(3, canceledEvents + capturedEvents);
        Assert.Equal(capturedEvents, (await CapturesAsync()).Length);
    }

    [Fact]
    public async Task Authorization_LapsesAfterSevenDays_WithOneChargeExpired_AndCannotBeCapturedThen()
    {
        var lapsing = await AuthorizedAsync(4200);
        var captured = await AuthorizedAsync(1500);
        Assert.Equal(HttpStatusCode.OK, (await CaptureAsync(captured.SessionId)).StatusCode);

        _app.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _app.LapseDueAuthorizationsAsync());
        Assert.Equal("requires_capture", await IntentStatusAsync(lapsing.PaymentIntentId));

        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        await _app.LapseDueAuthorizationsAsync(); // the background worker may have released it already: either way, once
        Assert.Equal(0, await _app.LapseDueAuthorizationsAsync());

        var expired = Assert.Single(await Paid.EventsAsync(_merchant, "charge.expired"));
        var charge = expired.GetProperty("object").GetProperty("charge");
        Assert.StartsWith("fch_", charge.GetProperty("charge_id").GetString());
        Assert.Equal(lapsing.PaymentIntentId, charge.GetProperty("payment_intent").GetString());
        Assert.Equal(lapsing.SessionId, charge.GetProperty("checkout_session").GetString());
        Assert.Equal(4200, charge.GetProperty("amount").GetInt64());
        Assert.Equal(0, charge.GetProperty("amount_captured").GetInt64());
        Assert.False(charge.GetProperty("captured").GetBoolean());
        Assert.True(charge.GetProperty("refunded").GetBoolean());
        Assert.Equal(4200, charge.GetProperty("amount_refunded").GetInt64());
        Assert.Equal(lapsing.PaymentIntentId,
            Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.canceled")).GetProperty("object").GetProperty("payment_intent")
                .GetProperty("payment_intent_id").GetString());
        Assert.Equal("canceled", await IntentStatusAsync(lapsing.PaymentIntentId));
        Assert.Equal("succeeded", await IntentStatusAsync(captured.PaymentIntentId));

        var late = await ApiAssert.ErrorAsync(await CaptureAsync(lapsing.SessionId), HttpStatusCode.Conflict, "invalid_request_error",
            "payment_intent_unexpected_state");
        Assert.Contains("lapsed", late.GetProperty("error").GetProperty("message").GetString());
        await ApiAssert.ErrorAsync(await CancelAsync(lapsing.SessionId), HttpStatusCode.Conflict, "invalid_request_error", "payment_intent_unexpected_state");
        Assert.Equal("unpaid", (await _merchant.GetSessionAsync(lapsing.SessionId)).GetProperty("payment_status").GetString());
        Assert.Single(await CapturesAsync());
    }

    [Fact]
    public async Task AnotherMerchant_OrTheOtherMode_SeesNoCapture_AndCannotCancel()
    {
        var paid = await AuthorizedAsync();
        Assert.Equal(HttpStatusCode.OK, (await CaptureAsync(paid.SessionId)).StatusCode);
        var captureId = Assert.Single(await CapturesAsync()).GetProperty("capture_id").GetString()!;
        var authorized = await AuthorizedAsync();
        var other = await _app.CreateMerchantAsync("Other shop");

        foreach (var api in new[] { other.Api(), _merchant.Api(live: true) })
        {
            using (api)
            {
                await ApiAssert.ErrorAsync(await api.GetAsync($"/v1/captures/{captureId}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
                await ApiAssert.ErrorAsync(await api.PatchJsonAsync($"/v1/captures/{captureId}", """{"metadata": {"x": "y"}}"""),
                    HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
                Assert.Empty(await api.ListAsync("/v1/captures", "captures"));
                Assert.Empty(await api.ListAsync($"/v1/captures?checkout_session={paid.SessionId}", "captures"));
                await ApiAssert.ErrorAsync(await api.PostAsync($"/v1/checkout/sessions/{authorized.SessionId}/cancel", null),
                    HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
            }
        }
        Assert.Equal("requires_capture", await IntentStatusAsync(authorized.PaymentIntentId));
        Assert.Empty(Assert.Single(await CapturesAsync()).GetProperty("metadata").EnumerateObject());
    }
}

public sealed class CapturesTestsOnSqlite() : CapturesTests(DatabaseProvider.Sqlite);
public sealed class CapturesTestsOnPostgres() : CapturesTests(DatabaseProvider.Postgres);
