using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Customers;

/// <summary>Contract section 12, saved payment methods in test mode: a session with <c>setup_future_use</c> saves the card paid
/// with (what may be shown of it, never the number), <c>/v1/customers/{id}/payment_methods</c> lists it, and a session with
/// <c>mode: off_session</c> charges it in the create request: 200 complete, or 402 card_error with the session left open.</summary>
public abstract class SavedPaymentMethodsTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HttpClient _api = null!;
    string _price = null!;
    string _customer = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _api = _merchant.Api();
        _price = await _merchant.CreatePriceAsync(2500);
        _customer = (await BodyAsync(await _api.PostJsonAsync("/v1/customers", """{"customer": {"email": "jo@example.com", "first_name": "Jo"}}""")))
            .GetProperty("customer").GetProperty("customer_id").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Pays a session of the customer made with setup_future_use; the saved card's id.</summary>
    async Task<string> SaveCardAsync(string card = "4242424242424242", string use = "off_session")
    {
        var session = (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "https://shop.example/ok", "line_items": [{"price": "{{_price}}", "quantity": 1}],
             "customer": "{{_customer}}", "setup_future_use": "{{use}}"}
            """))).GetProperty("checkout_session");
        Assert.Equal(use, session.GetProperty("setup_future_use").GetString());
        var paid = (await BodyAsync(await _merchant.PayWithTestHelperAsync(session.Id(), card))).GetProperty("checkout_session");
        var intent = (await BodyAsync(await _api.GetAsync($"/v1/payment_intents/{paid.GetProperty("payment_intent").GetString()}"))).GetProperty("payment_intent");
        return intent.GetProperty("payment_method").GetProperty("payment_method_id").GetString()!;
    }

    Task<HttpResponseMessage> ChargeOffSessionAsync(string paymentMethod, string? idempotencyKey = null, string customer = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkout/sessions")
        {
            Content = Json.Body($$"""
                {"mode": "off_session", "customer": "{{(customer == "" ? _customer : customer)}}", "payment_method": "{{paymentMethod}}",
                 "success_url": "https://shop.example/ok", "line_items": [{"price": "{{_price}}", "quantity": 2}]}
                """),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return _api.SendAsync(request);
    }

    [Fact]
    public async Task PayingWithSetupFutureUse_SavesTheCard_AsBrandLast4AndExpiryOnly()
    {
        var saved = await SaveCardAsync();

        var list = (await BodyAsync(await _api.GetAsync($"/v1/customers/{_customer}/payment_methods"))).GetProperty("payment_methods");
        var method = Assert.Single(list.EnumerateArray());
        Assert.Equal(saved, method.GetProperty("payment_method_id").GetString());
        Assert.StartsWith("fpm_", saved);
        Assert.Equal(_customer, method.GetProperty("customer").GetString());
        var card = method.GetProperty("card");
        Assert.Equal(("visa", "4242", 12, 2027), (card.GetProperty("brand").GetString(), card.GetProperty("last4").GetString(),
            card.GetProperty("exp_month").GetInt32(), card.GetProperty("exp_year").GetInt32()));
        Assert.True(method.GetProperty("off_session").GetBoolean());
        Assert.Equal("jo@example.com", method.GetProperty("billing_details").GetProperty("email").GetString());
        Assert.DoesNotContain("4242424242424242", method.GetRawText());
        Assert.DoesNotContain("tok_", method.GetRawText()); // the processor's token stays on the server
        var one = (await BodyAsync(await _api.GetAsync($"/v1/customers/{_customer}/payment_methods/{saved}"))).GetProperty("payment_method");
        Assert.Equal(method.GetRawText(), one.GetRawText());
    }

    [Fact]
    public async Task ASessionWithoutSetupFutureUse_SavesNothing()
    {
        var session = (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "https://shop.example/ok", "line_items": [{"price": "{{_price}}", "quantity": 1}], "customer": "{{_customer}}"}
            """))).GetProperty("checkout_session");
        await BodyAsync(await _merchant.PayWithTestHelperAsync(session.Id()));

        Assert.Equal(0, (await BodyAsync(await _api.GetAsync($"/v1/customers/{_customer}/payment_methods"))).GetProperty("payment_methods").GetArrayLength());
    }

    [Fact]
    public async Task OffSession_ChargesTheSavedCard_AndAnswersTheCompleteSession()
    {
        var saved = await SaveCardAsync();

        var session = (await BodyAsync(await ChargeOffSessionAsync(saved))).GetProperty("checkout_session");

        Assert.Equal(("complete", "paid", "off_session", 5000L), (session.GetProperty("status").GetString(), session.GetProperty("payment_status").GetString(),
            session.GetProperty("mode").GetString(), session.GetProperty("amount_total").GetInt64()));
        Assert.Equal(_customer, session.GetProperty("customer").GetString());
        var intent = (await BodyAsync(await _api.GetAsync($"/v1/payment_intents/{session.GetProperty("payment_intent").GetString()}"))).GetProperty("payment_intent");
        Assert.Equal(("succeeded", saved), (intent.GetProperty("status").GetString(), intent.GetProperty("payment_method").GetProperty("payment_method_id").GetString()));
        var events = (await BodyAsync(await _api.GetAsync($"/v1/events?type=checkout.session.completed"))).GetProperty("events");
        Assert.Equal(2, events.GetArrayLength()); // the saving payment and this one
        // Charging a saved card saves no other.
        Assert.Equal(1, (await BodyAsync(await _api.GetAsync($"/v1/customers/{_customer}/payment_methods"))).GetProperty("payment_methods").GetArrayLength());
    }

    [Theory]
    [InlineData("4000002760003184", "authentication_required")]
    [InlineData("4000000000000341", "card_declined")]
    public async Task OffSession_ADecline_Is402CardError_AndLeavesTheSessionOpen(string card, string code)
    {
        var saved = await SaveCardAsync(card);

        var error = await ApiAssert.ErrorAsync(await ChargeOffSessionAsync(saved), HttpStatusCode.PaymentRequired, "card_error", code, "payment_method");

        var intentId = error.GetProperty("error").GetProperty("payment_intent").GetString();
        var intent = (await BodyAsync(await _api.GetAsync($"/v1/payment_intents/{intentId}"))).GetProperty("payment_intent");
        Assert.Equal("requires_payment_method", intent.GetProperty("status").GetString());
        var session = await _merchant.GetSessionAsync(intent.GetProperty("checkout_session").GetString()!);
        Assert.Equal(("open", "off_session"), (session.GetProperty("status").GetString(), session.GetProperty("mode").GetString()));
    }

    [Fact]
    public async Task OffSession_RetriedWithItsIdempotencyKey_ChargesOnce_EvenAtTheSameTime()
    {
        var saved = await SaveCardAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ChargeOffSessionAsync(saved, "charge-order-42")));
        var retried = await ChargeOffSessionAsync(saved, "charge-order-42");

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var sessionId = (await BodyAsync(retried)).GetProperty("checkout_session").Id();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
            Assert.Equal(sessionId, (await BodyAsync(answer)).GetProperty("checkout_session").Id());
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var intents = (await BodyAsync(await _api.GetAsync($"/v1/payment_intents?customer={_customer}"))).GetProperty("payment_intents");
        Assert.Equal(2, intents.EnumerateArray().Count(i => i.GetProperty("status").GetString() == "succeeded")); // saving + one charge
    }

    [Theory]
    [InlineData("""{"mode": "off_session", "payment_method": "fpm_x"}""", HttpStatusCode.BadRequest, "parameter_missing", "customer")]
    [InlineData("""{"mode": "off_session", "customer": "CUSTOMER"}""", HttpStatusCode.BadRequest, "parameter_missing", "payment_method")]
    [InlineData("""{"payment_method": "fpm_x"}""", HttpStatusCode.BadRequest, "parameter_invalid", "payment_method")]
    [InlineData("""{"setup_future_use": "always"}""", HttpStatusCode.BadRequest, "parameter_invalid_string", "setup_future_use")]
    [InlineData("""{"mode": "setup"}""", HttpStatusCode.BadRequest, "parameter_invalid_string", "mode")]
    [InlineData("""{"mode": "off_session", "customer": "CUSTOMER", "payment_method": "fpm_01HW6FC7ZYWNW4XFSE1KMD8JDW"}""",
        HttpStatusCode.UnprocessableEntity, "payment_method_not_found", "payment_method")]
    [InlineData("""{"mode": "off_session", "customer": "fcus_01HW6FC7ZYWNW4XFSE1KMD8JDW", "payment_method": "fpm_x"}""",
        HttpStatusCode.UnprocessableEntity, "customer_not_found", "customer")]
    public async Task BadOffSessionRequests_AreRefused_AndChargeNothing(string fields, HttpStatusCode status, string code, string param)
    {
        var body = fields.Replace("CUSTOMER", _customer).TrimEnd('}')
            + $$""", "success_url": "https://shop.example/ok", "line_items": [{"price": "{{_price}}", "quantity": 1}]}""";

        await ApiAssert.ErrorAsync(await _api.PostJsonAsync("/v1/checkout/sessions", body), status, "invalid_request_error", code, param);

        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task AnotherCustomersCard_OrAnotherAccountsCustomer_CannotBeCharged()
    {
        var saved = await SaveCardAsync();
        var other = (await BodyAsync(await _api.PostJsonAsync("/v1/customers", """{"customer": {"email": "other@example.com"}}""")))
            .GetProperty("customer").GetProperty("customer_id").GetString()!;
        await ApiAssert.ErrorAsync(await ChargeOffSessionAsync(saved, customer: other), HttpStatusCode.UnprocessableEntity,
            "invalid_request_error", "payment_method_not_found", "payment_method");

        var stranger = await _app.CreateMerchantAsync("Other Shop");
        using var strangerApi = stranger.Api();
        await ApiAssert.ErrorAsync(await strangerApi.GetAsync($"/v1/customers/{_customer}/payment_methods"), HttpStatusCode.NotFound,
            "invalid_request_error", "resource_missing", "id");
        await ApiAssert.ErrorAsync(await strangerApi.GetAsync($"/v1/customers/{_customer}/payment_methods/{saved}"), HttpStatusCode.NotFound,
            "invalid_request_error", "resource_missing", "id");
    }
}

public sealed class SavedPaymentMethodsTestsOnSqlite() : SavedPaymentMethodsTests(DatabaseProvider.Sqlite);
public sealed class SavedPaymentMethodsTestsOnPostgres() : SavedPaymentMethodsTests(DatabaseProvider.Postgres);
