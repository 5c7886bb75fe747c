using System.Net;

namespace OpenCheckout.Server.Tests.Features.Refunds;

/// <summary><c>/v1/refunds</c>: create (wrapped and flat), retrieve, update, list with filters; scoped to the key's account and mode.</summary>
public abstract class RefundsApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Create_WrappedAndFlat_RefundsThePaymentAndUpdatesItsSession()
    {
        var paid = await Paid.SessionAsync(_merchant, 5000);
        using var api = _merchant.Api();

        var wrapped = await api.PostAsync("/v1/refunds", Json.Body($$$"""
            {"refund": {"payment_intent_id": "{{{paid.PaymentIntentId}}}", "amount": 1200, "reason": "requested_by_customer",
                        "metadata": {"order": "42"} } }
            """));
        Assert.Equal(HttpStatusCode.OK, wrapped.StatusCode);
        var refund = (await wrapped.ReadJsonAsync()).GetProperty("refund");
        Assert.StartsWith("fre_", refund.GetProperty("refund_id").GetString());
        Assert.Equal(paid.PaymentIntentId, refund.GetProperty("payment_intent_id").GetString());
        Assert.Equal(paid.SessionId, refund.GetProperty("checkout_session").GetString());
        Assert.Equal(1200, refund.GetProperty("amount").GetInt64());
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
        Assert.Equal("requested_by_customer", refund.GetProperty("reason").GetString());
        Assert.Equal("42", refund.GetProperty("metadata").GetProperty("order").GetString());
        // Flex's trace reference: a succeeded test refund has its acquirer reference number, the same on every read.
        var reference = refund.GetProperty("reference_id").GetString()!;
        Assert.Matches("^[0-9]{23}$", reference);
        Assert.Equal("acquirer_reference_number", refund.GetProperty("reference_type").GetString());
        Assert.Equal("available", refund.GetProperty("reference_status").GetString());
        var read = (await (await api.GetAsync($"/v1/refunds/{refund.GetProperty("refund_id").GetString()}")).ReadJsonAsync()).GetProperty("refund");
        Assert.Equal(reference, read.GetProperty("reference_id").GetString());

        var flat = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 300}"""));
        Assert.Equal(HttpStatusCode.OK, flat.StatusCode);
        var flatId = (await flat.ReadJsonAsync()).GetProperty("refund").GetProperty("refund_id").GetString();

        var session = await _merchant.GetSessionAsync(paid.SessionId);
        Assert.Equal(1500, session.GetProperty("amount_refunded").GetInt64());
        Assert.Equal(new[] { refund.GetProperty("refund_id").GetString()!, flatId! },
            session.GetProperty("refunds").EnumerateArray().Select(r => r.GetString()!).ToArray());

        // Without an amount: everything that remains.
        var rest = await api.PostAsync("/v1/refunds", Json.Body($$$"""{"refund": {"payment_intent_id": "{{{paid.PaymentIntentId}}}"}}"""));
        Assert.Equal(3500, (await rest.ReadJsonAsync()).GetProperty("refund").GetProperty("amount").GetInt64());
        Assert.Equal(5000, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task Create_RetriedWithSameIdempotencyKey_RefundsOnce()
    {
        var paid = await Paid.SessionAsync(_merchant, 2000);
        using var api = _merchant.Api();
        var body = $$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 500}""";

        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/refunds") { Content = Json.Body(body) };
            request.Headers.Add("Idempotency-Key", "refund-order-42");
            return await api.SendAsync(request);
        }
        var first = await Send();
        var retry = await Send();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Single(await Paid.RefundsAsync(_merchant));
        Assert.Equal(500, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task Create_WithBadInput_IsRefusedAndStoresNothing()
    {
        var paid = await Paid.SessionAsync(_merchant, 1000);
        using var api = _merchant.Api();

        var badReason = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "reason": "changed_mind"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);
        Assert.Equal("reason", (await badReason.ReadJsonAsync()).ErrorParam());

        var missing = await api.PostAsync("/v1/refunds", Json.Body("""{"refund": {"amount": 100}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("payment_intent_id", (await missing.ReadJsonAsync()).ErrorParam());

        var unknown = await api.PostAsync("/v1/refunds", Json.Body("""{"payment_intent_id": "fpi_01HZZZZZZZZZZZZZZZZZZZZZZZ"}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("payment_intent_not_found", (await unknown.ReadJsonAsync()).ErrorCode());

        var tooMuch = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 1001}"""));
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Equal("amount_too_large", (await tooMuch.ReadJsonAsync()).ErrorCode());

        Assert.Empty(await Paid.RefundsAsync(_merchant));
        Assert.Equal(0, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task Create_ForDeclinedPaymentIntent_Is422()
    {
        var id = (await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(700))).GetProperty("id").GetString()!;
        using var api = _merchant.Api();
        var declined = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{id}/pay", Json.Body("""{"card_number": "4000000000000002"}"""));
        var intentId = (await declined.ReadJsonAsync()).GetProperty("error").GetProperty("payment_intent").GetString();

        var response = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{intentId}}"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("payment_intent_unexpected_state", (await response.ReadJsonAsync()).ErrorCode());
    }

    [Fact]
    public async Task Patch_ChangesReasonAndMetadataOnly_AndRecordsRefundUpdated()
    {
        var paid = await Paid.SessionAsync(_merchant, 2000);
        using var api = _merchant.Api();
        var created = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 800}"""));
        var refundId = (await created.ReadJsonAsync()).GetProperty("refund").GetProperty("refund_id").GetString();
        var updatesBefore = (await Paid.EventsAsync(_merchant, "refund.updated")).Count;

        var patched = await api.PatchAsync($"/v1/refunds/{refundId}",
            Json.Body("""{"refund": {"reason": "duplicate", "metadata": {"note": "double order"}, "amount": 800, "status": "succeeded"}}"""));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var refund = (await patched.ReadJsonAsync()).GetProperty("refund");
        Assert.Equal("duplicate", refund.GetProperty("reason").GetString());
        Assert.Equal("double order", refund.GetProperty("metadata").GetProperty("note").GetString());
        Assert.Equal(800, refund.GetProperty("amount").GetInt64());
        var fetched = (await (await api.GetAsync($"/v1/refunds/{refundId}")).ReadJsonAsync()).GetProperty("refund");
        Assert.Equal("duplicate", fetched.GetProperty("reason").GetString());
        var events = await Paid.EventsAsync(_merchant, "refund.updated");
        Assert.Equal(updatesBefore + 1, events.Count);
        Assert.Contains(events, e => e.GetProperty("object").GetProperty("refund").GetProperty("reason").GetString() == "duplicate");

        var otherAmount = await api.PatchAsync($"/v1/refunds/{refundId}", Json.Body("""{"amount": 900}"""));
        Assert.Equal(HttpStatusCode.BadRequest, otherAmount.StatusCode);
        Assert.Equal("parameter_immutable", (await otherAmount.ReadJsonAsync()).ErrorCode());
        var badReason = await api.PatchAsync($"/v1/refunds/{refundId}", Json.Body("""{"reason": "bored"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badReason.StatusCode);

        var cleared = await api.PatchAsync($"/v1/refunds/{refundId}", Json.Body("""{"reason": null}"""));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await cleared.ReadJsonAsync()).GetProperty("refund").GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task List_FiltersByPaymentIntentAndSession_NewestFirstWithCursor()
    {
        var first = await Paid.SessionAsync(_merchant, 1000);
        var second = await Paid.SessionAsync(_merchant, 1000);
        using var api = _merchant.Api();
        foreach (var amount in new[] { 100, 200 })
        {
            _app.Clock.Advance(TimeSpan.FromSeconds(1)); // ids sort by creation time
            await api.PostAsync($"/v1/checkout/sessions/{first.SessionId}/refund", Json.Body($$"""{"amount": {{amount}}}"""));
        }
        await api.PostAsync($"/v1/checkout/sessions/{second.SessionId}/refund", Json.Body("{}"));

        Assert.Equal(3, (await Paid.RefundsAsync(_merchant)).Count);
        var byIntent = await Paid.RefundsAsync(_merchant, $"&payment_intent_id={first.PaymentIntentId}");
        Assert.Equal([200L, 100L], byIntent.Select(r => r.GetProperty("amount").GetInt64()).ToArray());
        var bySession = Assert.Single(await Paid.RefundsAsync(_merchant, $"&checkout_session={second.SessionId}"));
        Assert.Equal(1000, bySession.GetProperty("amount").GetInt64());

        var page = await (await api.GetAsync($"/v1/refunds?payment_intent_id={first.PaymentIntentId}&limit=1")).ReadJsonAsync();
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var newest = page.GetProperty("refunds")[0].GetProperty("refund_id").GetString();
        var next = await (await api.GetAsync($"/v1/refunds?payment_intent_id={first.PaymentIntentId}&limit=1&starting_after={newest}")).ReadJsonAsync();
        Assert.False(next.GetProperty("has_more").GetBoolean());
        Assert.Equal(100, next.GetProperty("refunds")[0].GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task OtherAccountOrMode_SeesNoRefunds_AndCannotRefund()
    {
        var paid = await Paid.SessionAsync(_merchant, 1000);
        using var api = _merchant.Api();
        var refundId = (await (await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 100}""")))
            .ReadJsonAsync()).GetProperty("refund").GetProperty("refund_id").GetString();
        var other = await _app.CreateMerchantAsync("Other shop");

        foreach (var intruder in new[] { other.Api(), _merchant.Api(live: true) })
        {
            using (intruder)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/v1/refunds/{refundId}")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await intruder.PatchAsync($"/v1/refunds/{refundId}", Json.Body("""{"reason": "fraudulent"}"""))).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound,
                    (await intruder.PostAsync($"/v1/checkout/sessions/{paid.SessionId}/refund", Json.Body("{}"))).StatusCode);
                var viaRefunds = await intruder.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}"}"""));
                Assert.Equal(HttpStatusCode.UnprocessableEntity, viaRefunds.StatusCode);
                Assert.Equal("payment_intent_not_found", (await viaRefunds.ReadJsonAsync()).ErrorCode());
                var list = await (await intruder.GetAsync($"/v1/refunds?payment_intent_id={paid.PaymentIntentId}")).ReadJsonAsync();
                Assert.Empty(list.GetProperty("refunds").EnumerateArray());
            }
        }
        Assert.Equal(100, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
        var fetched = (await (await api.GetAsync($"/v1/refunds/{refundId}")).ReadJsonAsync()).GetProperty("refund");
        Assert.Equal(JsonNull, fetched.GetProperty("reason").ValueKind);
    }

    const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}

public sealed class RefundsApiTestsOnSqlite() : RefundsApiTests(DatabaseProvider.Sqlite);
public sealed class RefundsApiTestsOnPostgres() : RefundsApiTests(DatabaseProvider.Postgres);
