using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Refunds;

/// <summary><c>POST /v1/checkout/sessions/{id}/refund</c>: all, an amount, or per line item; never more than was paid.</summary>
public abstract class SessionRefundTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<HttpResponseMessage> RefundAsync(string sessionId, string? body)
    {
        using var api = _merchant.Api();
        return await api.PostAsync($"/v1/checkout/sessions/{sessionId}/refund", body is null ? null : Json.Body(body));
    }

    [Fact]
    public async Task Refund_WithEmptyWrappedBody_RefundsEverythingAndShowsItOnTheSession()
    {
        var paid = await Paid.SessionAsync(_merchant, 2500);
        Assert.Equal(0, paid.Session.GetProperty("amount_refunded").GetInt64());
        Assert.Empty(paid.Session.GetProperty("refunds").EnumerateArray());

        var response = await RefundAsync(paid.SessionId, """{"checkout_session": {}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(paid.SessionId, session.GetProperty("id").GetString());
        Assert.Equal("complete", session.GetProperty("status").GetString());
        Assert.Equal(2500, session.GetProperty("amount_refunded").GetInt64());
        var refundId = Assert.Single(session.GetProperty("refunds").EnumerateArray()).GetString()!;
        Assert.StartsWith("fre_", refundId);

        using var api = _merchant.Api();
        var refund = (await (await api.GetAsync($"/v1/refunds/{refundId}")).ReadJsonAsync()).GetProperty("refund");
        Assert.Equal(refundId, refund.GetProperty("refund_id").GetString());
        Assert.Equal(paid.PaymentIntentId, refund.GetProperty("payment_intent_id").GetString());
        Assert.Equal(paid.SessionId, refund.GetProperty("checkout_session").GetString());
        Assert.Equal(2500, refund.GetProperty("amount").GetInt64());
        Assert.Equal("usd", refund.GetProperty("currency").GetString());
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, refund.GetProperty("reason").ValueKind);
        Assert.True(refund.GetProperty("test_mode").GetBoolean());
        Assert.Equal(2500, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());

        // The session's refund fields show on every read.
        Assert.Equal(2500, (await _merchant.GetSessionAsync(paid.SessionId)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task Refund_WithNoBodyAtAll_RefundsEverything()
    {
        var paid = await Paid.SessionAsync(_merchant, 990);

        var response = await RefundAsync(paid.SessionId, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(990, (await response.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task PartialRefunds_UpToTheAmountPaid_ThenOverLimitIsRefusedAndStoresNothing()
    {
        var paid = await Paid.SessionAsync(_merchant, 3000);

        Assert.Equal(HttpStatusCode.OK, (await RefundAsync(paid.SessionId, """{"checkout_session": {"amount": 1000}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefundAsync(paid.SessionId, """{"amount": 1500}""")).StatusCode);

        var over = await RefundAsync(paid.SessionId, """{"amount": 501}""");
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        var error = await over.ReadJsonAsync();
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("amount_too_large", error.ErrorCode());
        Assert.Equal("amount", error.ErrorParam());

        var session = await _merchant.GetSessionAsync(paid.SessionId);
        Assert.Equal(2500, session.GetProperty("amount_refunded").GetInt64());
        Assert.Equal(2, session.GetProperty("refunds").GetArrayLength());
        Assert.Equal(2, (await Paid.RefundsAsync(_merchant, $"&checkout_session={paid.SessionId}")).Count);
        Assert.Equal(2, (await Paid.EventsAsync(_merchant, "refund.created")).Count);

        var rest = await RefundAsync(paid.SessionId, """{"amount": 500}""");
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal(3000, (await rest.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("amount_refunded").GetInt64());

        var nothingLeft = await RefundAsync(paid.SessionId, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, nothingLeft.StatusCode);
        Assert.Equal("charge_already_refunded", (await nothingLeft.ReadJsonAsync()).ErrorCode());
        Assert.Equal(3, (await Paid.RefundsAsync(_merchant, $"&checkout_session={paid.SessionId}")).Count);
        Assert.Equal(3000, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task LineItemRefunds_TrackEachLine_AndNeverOverRefundALine()
    {
        var shirts = await _merchant.CreatePriceAsync(1000, productName: "Shirt");
        var mugs = await _merchant.CreatePriceAsync(500, productName: "Mug");
        var mugProduct = await Paid.ProductOfAsync(_merchant, mugs);
        var paid = await Paid.SessionWithLinesAsync(_merchant, (shirts, 2), (mugs, 1));
        Assert.Equal(2500, paid.Session.GetProperty("amount_total").GetInt64());

        var partial = await RefundAsync(paid.SessionId, $$$"""
            {"checkout_session": {"line_items": [{"price": "{{{shirts}}}", "amount_to_refund": 700}], "refund_metadata": {"ticket": "T-1"} } }
            """);
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var session = (await partial.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(700, session.GetProperty("amount_refunded").GetInt64());
        var firstRefund = session.GetProperty("refunds")[0].GetString()!;
        using (var api = _merchant.Api())
        {
            var refund = (await (await api.GetAsync($"/v1/refunds/{firstRefund}")).ReadJsonAsync()).GetProperty("refund");
            Assert.Equal("T-1", refund.GetProperty("metadata").GetProperty("ticket").GetString());
        }

        // More than the shirt line has left (2000 - 700) is refused, naming the entry.
        var tooMuch = await RefundAsync(paid.SessionId, $$"""{"line_items": [{"price": "{{shirts}}", "amount_to_refund": 1301}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        var error = await tooMuch.ReadJsonAsync();
        Assert.Equal("amount_too_large", error.ErrorCode());
        Assert.Equal("line_items[0].amount_to_refund", error.ErrorParam());

        // Without amount_to_refund: the rest of that line only.
        var restOfShirts = await RefundAsync(paid.SessionId, $$"""{"line_items": [{"price": "{{shirts}}"}]}""");
        Assert.Equal(HttpStatusCode.OK, restOfShirts.StatusCode);
        Assert.Equal(2000, (await restOfShirts.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("amount_refunded").GetInt64());

        var shirtsAgain = await RefundAsync(paid.SessionId, $$"""{"line_items": [{"price": "{{shirts}}"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, shirtsAgain.StatusCode);
        Assert.Equal("amount_too_large", (await shirtsAgain.ReadJsonAsync()).ErrorCode());

        var unknown = await RefundAsync(paid.SessionId, $$"""{"line_items": [{"price": "fprice_01HZZZZZZZZZZZZZZZZZZZZZZZ"}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("line_item_not_found", (await unknown.ReadJsonAsync()).ErrorCode());

        // By product, the mug line's whole amount.
        var mug = await RefundAsync(paid.SessionId, $$"""{"line_items": [{"product": "{{mugProduct}}"}]}""");
        Assert.Equal(HttpStatusCode.OK, mug.StatusCode);
        session = (await mug.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(2500, session.GetProperty("amount_refunded").GetInt64());
        Assert.Equal(3, session.GetProperty("refunds").GetArrayLength());
        Assert.Equal(2500, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task LineItemRefund_OverWhatRemainsOfThePayment_IsRefused()
    {
        var shirts = await _merchant.CreatePriceAsync(1000, productName: "Shirt");
        var mugs = await _merchant.CreatePriceAsync(500, productName: "Mug");
        var paid = await Paid.SessionWithLinesAsync(_merchant, (shirts, 1), (mugs, 1));
        Assert.Equal(HttpStatusCode.OK, (await RefundAsync(paid.SessionId, """{"amount": 1200}""")).StatusCode);

        // The shirt line itself has not been refunded, but only 300 of the payment remains.
        var response = await RefundAsync(paid.SessionId, $$"""{"line_items": [{"price": "{{shirts}}"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("amount_too_large", (await response.ReadJsonAsync()).ErrorCode());
        Assert.Single(await Paid.RefundsAsync(_merchant, $"&checkout_session={paid.SessionId}"));
    }

    [Fact]
    public async Task Refund_OfOpenOrExpiredSession_Is422AndStoresNothing()
    {
        var priceId = await _merchant.CreatePriceAsync(1500);
        var open = (await _merchant.CreateSessionAsync(priceId)).GetProperty("id").GetString()!;

        var response = await RefundAsync(open, """{"checkout_session": {}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("checkout_session_not_complete", (await response.ReadJsonAsync()).ErrorCode());

        using (var api = _merchant.Api())
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/checkout/sessions/{open}/expire", null)).StatusCode);
        var expired = await RefundAsync(open, "{}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, expired.StatusCode);
        Assert.Empty(await Paid.RefundsAsync(_merchant));
        Assert.Empty(await Paid.EventsAsync(_merchant, "refund.created"));
    }

    [Fact]
    public async Task Refund_WithBadBody_Is400NamingTheField()
    {
        var paid = await Paid.SessionAsync(_merchant, 1000);

        var both = await RefundAsync(paid.SessionId, """{"amount": 100, "line_items": [{"price": "fprice_x"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal("line_items", (await both.ReadJsonAsync()).ErrorParam());

        var zero = await RefundAsync(paid.SessionId, """{"amount": 0}""");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal("amount", (await zero.ReadJsonAsync()).ErrorParam());

        var unknown = await RefundAsync(paid.SessionId, """{"checkout_session": {"amonut": 100}}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("parameter_unknown", (await unknown.ReadJsonAsync()).ErrorCode());

        var neither = await RefundAsync(paid.SessionId, """{"line_items": [{"amount_to_refund": 100}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal("line_items[0].price", (await neither.ReadJsonAsync()).ErrorParam());

        Assert.Empty(await Paid.RefundsAsync(_merchant));
    }

    [Fact]
    public async Task Refund_RecordsRefundAndChargeEvents_WithTheirObjects()
    {
        var paid = await Paid.SessionAsync(_merchant, 4000);
        var response = await RefundAsync(paid.SessionId, """{"amount": 1500}""");
        var refundId = (await response.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("refunds")[0].GetString();

        var created = Assert.Single(await Paid.EventsAsync(_merchant, "refund.created"));
        Assert.Equal("refund.created", created.GetProperty("event_type").GetString());
        var pending = created.GetProperty("object").GetProperty("refund");
        Assert.Equal(refundId, pending.GetProperty("refund_id").GetString());
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(1500, pending.GetProperty("amount").GetInt64());

        var updated = Assert.Single(await Paid.EventsAsync(_merchant, "refund.updated")).GetProperty("object").GetProperty("refund");
        Assert.Equal(refundId, updated.GetProperty("refund_id").GetString());
        Assert.Equal("succeeded", updated.GetProperty("status").GetString());

        var charge = Assert.Single(await Paid.EventsAsync(_merchant, "charge.refunded")).GetProperty("object").GetProperty("charge");
        Assert.Equal(paid.PaymentIntentId, charge.GetProperty("payment_intent").GetString());
        Assert.Equal(1500, charge.GetProperty("amount_refunded").GetInt64());
        Assert.False(charge.GetProperty("refunded").GetBoolean());

        var chargeRefund = Assert.Single(await Paid.EventsAsync(_merchant, "charge.refund.updated")).GetProperty("object").GetProperty("refund");
        Assert.Equal(refundId, chargeRefund.GetProperty("refund_id").GetString());
        Assert.Equal("succeeded", chargeRefund.GetProperty("status").GetString());

        // Refunding the rest marks the charge refunded.
        await RefundAsync(paid.SessionId, "{}");
        var charges = await Paid.EventsAsync(_merchant, "charge.refunded");
        Assert.Equal(2, charges.Count);
        Assert.Contains(charges, e => e.GetProperty("object").GetProperty("charge").GetProperty("refunded").GetBoolean());
    }
}

public sealed class SessionRefundTestsOnSqlite() : SessionRefundTests(DatabaseProvider.Sqlite);
public sealed class SessionRefundTestsOnPostgres() : SessionRefundTests(DatabaseProvider.Postgres);
