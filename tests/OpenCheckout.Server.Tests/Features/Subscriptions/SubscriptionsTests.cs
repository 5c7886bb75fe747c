using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Subscriptions;

/// <summary>Contract section 13: a subscription-mode session, paid, starts a subscription (trialing or active) with its first
/// invoice paid and the card saved; the subscription is read, changed from its next period and canceled through the API.</summary>
public abstract class SubscriptionsTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HttpClient _api = null!;
    string _monthly = null!;
    string _setupFee = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        _api = _merchant.Api();
        _monthly = await PriceAsync(2000, "\"recurring\": {\"interval\": \"monthly\"}", "Coaching");
        _setupFee = await PriceAsync(500, "\"currency\": \"usd\"", "Setup");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    async Task<string> PriceAsync(long amount, string fields, string productName)
    {
        var product = (await BodyAsync(await _api.PostJsonAsync("/v1/products", $$"""{"product": {"name": "{{productName}}"} }""")))
            .GetProperty("product").GetProperty("product_id").GetString();
        return (await BodyAsync(await _api.PostJsonAsync("/v1/prices", $$"""{"price": {"product": "{{product}}", "unit_amount": {{amount}}, {{fields}} } }""")))
            .GetProperty("price").GetProperty("price_id").GetString()!;
    }

    static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    Task<HttpResponseMessage> CreateSessionAsync(string lineItems, string extra = "") =>
        _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"checkout_session": {"mode": "subscription", "success_url": "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}",
             "line_items": [{{lineItems}}]{{extra}} } }
            """);

    /// <summary>Creates and pays a subscription-mode session; the completed session.</summary>
    async Task<JsonElement> SubscribeAsync(string extra = "", string card = "4242424242424242")
    {
        var session = (await BodyAsync(await CreateSessionAsync($$"""{"price": "{{_monthly}}", "quantity": 2}, {"price": "{{_setupFee}}", "quantity": 1}""",
            extra))).GetProperty("checkout_session");
        return (await BodyAsync(await _merchant.PayWithTestHelperAsync(session.Id(), card))).GetProperty("checkout_session");
    }

    async Task<JsonElement> GetAsync(string path, string name) => (await BodyAsync(await _api.GetAsync(path))).GetProperty(name);

    async Task<List<string>> EventTypesAsync() =>
        (await GetAsync("/v1/events?limit=100", "events")).EnumerateArray().Select(e => e.GetProperty("event_type").GetString()!).Reverse().ToList();

    [Fact]
    public async Task PayingASubscriptionSession_StartsAnActiveSubscription_WithItsFirstInvoicePaid_AndTheCardSaved()
    {
        var session = await SubscribeAsync(""", "subscription_data": {"metadata": {"plan": "pro"}}""");

        Assert.Equal(("complete", "paid", "subscription", 4500L), (session.Status(), session.GetProperty("payment_status").GetString(),
            session.GetProperty("mode").GetString(), session.GetProperty("amount_total").GetInt64()));
        var id = session.GetProperty("subscription").GetString()!;
        Assert.StartsWith("fsub_", id);
        var subscription = await GetAsync($"/v1/subscriptions/{id}", "subscription");
        var customer = session.GetProperty("customer").GetString();
        Assert.Equal((customer, "active", session.Id()), (subscription.GetProperty("customer").GetString(), subscription.GetProperty("status").GetString(),
            subscription.GetProperty("checkout_session").GetString()));
        var item = Assert.Single(subscription.GetProperty("items").EnumerateArray());
        Assert.Equal((_monthly, 2L, 2000L), (item.GetProperty("price").GetString(), item.GetProperty("quantity").GetInt64(), item.GetProperty("unit_amount").GetInt64()));
        var start = TestApp.Start.ToUnixTimeSeconds();
        Assert.Equal((start, TestApp.Start.AddMonths(1).ToUnixTimeSeconds()),
            (subscription.GetProperty("current_period_start").GetInt64(), subscription.GetProperty("current_period_end").GetInt64()));
        Assert.Equal(JsonValueKind.Null, subscription.GetProperty("trial_end").ValueKind);
        Assert.Equal("pro", subscription.GetProperty("metadata").GetProperty("plan").GetString());

        var invoice = await GetAsync($"/v1/invoices/{subscription.GetProperty("latest_invoice").GetString()}", "invoice");
        Assert.Equal(("paid", 4500L, 4500L, 0L, id), (invoice.GetProperty("status").GetString(), invoice.GetProperty("amount_due").GetInt64(),
            invoice.GetProperty("amount_paid").GetInt64(), invoice.GetProperty("amount_remaining").GetInt64(), invoice.GetProperty("subscription").GetString()));
        Assert.Equal(("subscription_create", session.GetProperty("payment_intent").GetString()),
            (invoice.GetProperty("billing_reason").GetString(), invoice.GetProperty("payment_intent").GetString()));
        Assert.Equal([4000L, 500L], invoice.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amount").GetInt64()));
        Assert.EndsWith($"/pay/i/{invoice.GetProperty("invoice_id").GetString()}", invoice.GetProperty("hosted_invoice_url").GetString());
        // The hosted invoice is the buyer's receipt: no key needed, nothing cached.
        using (var browser = new HttpClient { BaseAddress = _api.BaseAddress })
        {
            var page = await browser.GetAsync(new Uri(invoice.GetProperty("hosted_invoice_url").GetString()!).PathAndQuery);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Invoice paid", html);
            Assert.Contains("Paid $45.00", html);
            Assert.Contains("no-store", page.Headers.CacheControl?.ToString());
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/pay/i/finv_01HW6FC7ZYWNW4XFSE1KMD8JDW")).StatusCode);
        }

        // The card is kept for the renewals (brand and last four digits only), and is the subscription's.
        var card = Assert.Single((await GetAsync($"/v1/customers/{customer}/payment_methods", "payment_methods")).EnumerateArray());
        Assert.True(card.GetProperty("off_session").GetBoolean());
        Assert.Equal(card.GetProperty("payment_method_id").GetString(), subscription.GetProperty("default_payment_method").GetString());

        var types = await EventTypesAsync();
        Assert.Equal(["customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded",
            "checkout.session.completed"], types.SkipWhile(t => t != "customer.subscription.created"));
    }

    [Fact]
    public async Task ATrial_StartsTrialing_ChargingOnlyTheOneTimeItemsToday()
    {
        var session = await SubscribeAsync(""", "subscription_data": {"trial_period_days": 14}""");

        Assert.Equal((500L, 500L), (session.GetProperty("amount_subtotal").GetInt64(), session.GetProperty("amount_total").GetInt64()));
        var subscription = await GetAsync($"/v1/subscriptions/{session.GetProperty("subscription").GetString()}", "subscription");
        var trialEnd = TestApp.Start.AddDays(14).ToUnixTimeSeconds();
        Assert.Equal(("trialing", TestApp.Start.ToUnixTimeSeconds(), trialEnd, trialEnd), (subscription.GetProperty("status").GetString(),
            subscription.GetProperty("trial_start").GetInt64(), subscription.GetProperty("trial_end").GetInt64(),
            subscription.GetProperty("current_period_end").GetInt64()));
        var invoice = await GetAsync($"/v1/invoices/{subscription.GetProperty("latest_invoice").GetString()}", "invoice");
        Assert.Equal(500L, invoice.GetProperty("amount_paid").GetInt64());
        Assert.StartsWith("Trial period for Coaching", invoice.GetProperty("lines")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task APricesOwnTrial_AppliesWhenTheSessionSetsNone()
    {
        var trialPrice = await PriceAsync(900, "\"recurring\": {\"interval\": \"week\", \"trial_period_days\": 7}", "Box");
        var session = (await BodyAsync(await CreateSessionAsync($$"""{"price": "{{trialPrice}}", "quantity": 1}"""))).GetProperty("checkout_session");
        Assert.Equal(0L, session.GetProperty("amount_total").GetInt64());

        var paid = (await BodyAsync(await _merchant.PayWithTestHelperAsync(session.Id()))).GetProperty("checkout_session");

        var subscription = await GetAsync($"/v1/subscriptions/{paid.GetProperty("subscription").GetString()}", "subscription");
        Assert.Equal(("trialing", TestApp.Start.AddDays(7).ToUnixTimeSeconds()),
            (subscription.GetProperty("status").GetString(), subscription.GetProperty("trial_end").GetInt64()));
        Assert.Equal(("weekly", 1), (subscription.GetProperty("recurring").GetProperty("interval").GetString(),
            subscription.GetProperty("recurring").GetProperty("interval_count").GetInt32()));
    }

    [Fact]
    public async Task BadSubscriptionSessions_Are400_AndCreateNothing()
    {
        var yearly = await PriceAsync(10000, "\"recurring\": {\"interval\": \"year\"}", "Annual");
        await ApiAssert.ErrorAsync(await CreateSessionAsync($$"""{"price": "{{_setupFee}}", "quantity": 1}"""), HttpStatusCode.BadRequest,
            "invalid_request_error", "recurring_price_missing", "line_items");
        await ApiAssert.ErrorAsync(await CreateSessionAsync($$"""{"price": "{{_monthly}}", "quantity": 1}, {"price": "{{yearly}}", "quantity": 1}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "recurring_interval_mismatch", "line_items[1].price");
        await ApiAssert.ErrorAsync(await CreateSessionAsync($$"""{"price": "{{_monthly}}", "quantity": 1}""", """, "capture_method": "manual" """),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid", "capture_method");
        await ApiAssert.ErrorAsync(await CreateSessionAsync($$"""{"price": "{{_monthly}}", "quantity": 1}""", """, "setup_future_use": "off_session" """),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid", "setup_future_use");
        await ApiAssert.ErrorAsync(await CreateSessionAsync($$"""{"price": "{{_monthly}}", "quantity": 1}""", """, "subscription_data": {"trial_period_days": 0} """),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range", "subscription_data.trial_period_days");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "https://shop.example/ok", "line_items": [{"price": "{{_setupFee}}", "quantity": 1}], "subscription_data": {"trial_period_days": 3} }
            """), HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid", "subscription_data");

        Assert.Equal(0, (await GetAsync("/v1/checkout/sessions", "checkout_sessions")).GetArrayLength());
    }

    [Fact]
    public async Task Updates_ScheduleACancellation_AndChangeItemsFromTheNextPeriod_EachWithAnUpdatedEvent()
    {
        var id = (await SubscribeAsync()).GetProperty("subscription").GetString()!;
        var periodEnd = TestApp.Start.AddMonths(1).ToUnixTimeSeconds();

        var cancelling = (await BodyAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"cancel_at_period_end": true}}""")))
            .GetProperty("subscription");
        Assert.Equal((true, periodEnd, "active"), (cancelling.GetProperty("cancel_at_period_end").GetBoolean(),
            cancelling.GetProperty("cancel_at").GetInt64(), cancelling.GetProperty("status").GetString()));

        var premium = await PriceAsync(3000, "\"recurring\": {\"interval\": \"month\"}", "Premium");
        var changed = (await BodyAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", $$"""
            {"subscription": {"cancel_at_period_end": false, "items": [{"price": "{{premium}}", "quantity": 1}], "metadata": {"tier": "premium"} } }
            """))).GetProperty("subscription");
        Assert.Equal((false, JsonValueKind.Null), (changed.GetProperty("cancel_at_period_end").GetBoolean(), changed.GetProperty("cancel_at").ValueKind));
        Assert.Equal(_monthly, Assert.Single(changed.GetProperty("items").EnumerateArray()).GetProperty("price").GetString());
        Assert.Equal((premium, 3000L), (Assert.Single(changed.GetProperty("pending_items").EnumerateArray()).GetProperty("price").GetString(),
            changed.GetProperty("pending_items")[0].GetProperty("unit_amount").GetInt64()));

        // The same change again changes nothing, and says nothing.
        var before = (await EventTypesAsync()).Count(t => t == "customer.subscription.updated");
        await BodyAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"metadata": {"tier": "premium"}}}"""));
        Assert.Equal((2, 2), (before, (await EventTypesAsync()).Count(t => t == "customer.subscription.updated")));
    }

    [Fact]
    public async Task BadUpdates_Are4xx_AndChangeNothing()
    {
        var id = (await SubscribeAsync()).GetProperty("subscription").GetString()!;
        var weekly = await PriceAsync(700, "\"recurring\": {\"interval\": \"week\"}", "Weekly");
        var euros = await PriceAsync(700, "\"currency\": \"eur\", \"recurring\": {\"interval\": \"month\"}", "Euro plan");
        var before = (await GetAsync($"/v1/subscriptions/{id}", "subscription")).GetRawText();

        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", $$"""{"subscription": {"items": [{"price": "{{weekly}}"}]} }"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "recurring_interval_mismatch", "items[0].price");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", $$"""{"subscription": {"items": [{"price": "{{euros}}"}]} }"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "currency_mismatch", "items[0].price");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"items": [{"price": "fprice_nope"}]}}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "price_not_found", "items[0].price");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"cancel_at": 1000}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid", "cancel_at");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"default_payment_method": "fpm_nope"}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", "default_payment_method");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"status": "active", "pause": true}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "pause");

        Assert.Equal(before, (await GetAsync($"/v1/subscriptions/{id}", "subscription")).GetRawText());
    }

    [Fact]
    public async Task Delete_CancelsNow_Once_AndACanceledSubscriptionTakesNoChanges()
    {
        var id = (await SubscribeAsync()).GetProperty("subscription").GetString()!;

        var canceled = (await BodyAsync(await _api.DeleteAsync($"/v1/subscriptions/{id}"))).GetProperty("subscription");

        Assert.Equal(("canceled", TestApp.Start.ToUnixTimeSeconds()), (canceled.GetProperty("status").GetString(), canceled.GetProperty("canceled_at").GetInt64()));
        Assert.Contains("customer.subscription.deleted", await EventTypesAsync());
        await ApiAssert.ErrorAsync(await _api.DeleteAsync($"/v1/subscriptions/{id}"), HttpStatusCode.Conflict, "invalid_request_error", "subscription_canceled");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", """{"subscription": {"metadata": {"a": "b"}}}"""),
            HttpStatusCode.Conflict, "invalid_request_error", "subscription_canceled");
        Assert.Single(await EventTypesAsync(), t => t == "customer.subscription.deleted");
    }

    [Fact]
    public async Task DeletingTestData_DeletesSubscriptionsAndInvoices()
    {
        var id = (await SubscribeAsync()).GetProperty("subscription").GetString()!;

        var deleted = (await BodyAsync(await _api.PostJsonAsync("/v1/test_helpers/reset", "{}"))).GetProperty("deleted");

        Assert.Equal((1, 1), (deleted.GetProperty("subscriptions").GetInt32(), deleted.GetProperty("invoices").GetInt32()));
        await ApiAssert.ErrorAsync(await _api.GetAsync($"/v1/subscriptions/{id}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal(0, (await GetAsync("/v1/invoices", "invoices")).GetArrayLength());
    }

    [Fact]
    public async Task Lists_FilterByCustomerStatusAndSubscription_AndNoOtherMerchantSeesThem()
    {
        var first = await SubscribeAsync();
        var second = await SubscribeAsync();
        var secondId = second.GetProperty("subscription").GetString()!;
        await BodyAsync(await _api.DeleteAsync($"/v1/subscriptions/{secondId}"));

        Assert.Equal(2, (await GetAsync("/v1/subscriptions", "subscriptions")).GetArrayLength());
        var active = Assert.Single((await GetAsync("/v1/subscriptions?status=active", "subscriptions")).EnumerateArray());
        Assert.Equal(first.GetProperty("subscription").GetString(), active.GetProperty("subscription_id").GetString());
        Assert.Equal(2, (await GetAsync($"/v1/subscriptions?customer={first.GetProperty("customer").GetString()}", "subscriptions")).GetArrayLength());
        Assert.Single((await GetAsync($"/v1/invoices?subscription={secondId}", "invoices")).EnumerateArray());
        Assert.Equal(2, (await GetAsync("/v1/invoices?status=paid", "invoices")).GetArrayLength());
        await ApiAssert.ErrorAsync(await _api.GetAsync("/v1/subscriptions?status=sleeping"), HttpStatusCode.BadRequest, "invalid_request_error",
            "parameter_invalid_string", "status");

        var stranger = await _app.CreateMerchantAsync("Other shop");
        using var strangerApi = stranger.Api();
        Assert.Equal(0, (await (await strangerApi.GetAsync("/v1/subscriptions")).ReadJsonAsync()).GetProperty("subscriptions").GetArrayLength());
        await ApiAssert.ErrorAsync(await strangerApi.GetAsync($"/v1/subscriptions/{secondId}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await strangerApi.DeleteAsync($"/v1/subscriptions/{secondId}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await strangerApi.GetAsync($"/v1/invoices/{first.GetProperty("payment_intent").GetString()}"), HttpStatusCode.NotFound,
            "invalid_request_error", "resource_missing");
    }
}

public sealed class SubscriptionsTestsOnSqlite() : SubscriptionsTests(DatabaseProvider.Sqlite);
public sealed class SubscriptionsTestsOnPostgres() : SubscriptionsTests(DatabaseProvider.Postgres);
