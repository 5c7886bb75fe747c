using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.TestClocks;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.Subscriptions;

/// <summary>Renewals (issue 21): each period's invoice charged to the saved card, in real time and on a test clock; declines,
/// retries on the schedule, then cancel or unpaid; trial ends, scheduled cancellations and pending items; each once.</summary>
public abstract class RenewalsTests(DatabaseProvider provider) : IAsyncLifetime
{
    const string DeclinesOffSession = "4000000000000341";
    TestApp _app = null!;
    TestMerchant _merchant = null!;
    HttpClient _api = null!;
    string _monthly = null!;

    public Task InitializeAsync() => StartAsync(new Dictionary<string, string?>());

    async Task StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        _app = new TestApp(provider, settings: settings);
        _merchant = await _app.CreateMerchantAsync();
        _api = _merchant.Api();
        var product = (await BodyAsync(await _api.PostJsonAsync("/v1/products", """{"product": {"name": "Coaching"} }""")))
            .GetProperty("product").GetProperty("product_id").GetString();
        _monthly = (await BodyAsync(await _api.PostJsonAsync("/v1/prices",
                $$"""{"price": {"product": "{{product}}", "unit_amount": 2000, "recurring": {"interval": "monthly"} } }""")))
            .GetProperty("price").GetProperty("price_id").GetString()!;
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

    async Task<JsonElement> GetAsync(string path, string name) => (await BodyAsync(await _api.GetAsync(path))).GetProperty(name);

    /// <summary>Pays a subscription-mode session for two of the monthly price; the subscription.</summary>
    async Task<JsonElement> SubscribeAsync(string extra = "", string card = "4242424242424242")
    {
        var session = (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"checkout_session": {"mode": "subscription", "success_url": "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}",
             "line_items": [{"price": "{{_monthly}}", "quantity": 2}]{{extra}} } }
            """))).GetProperty("checkout_session");
        var paid = (await BodyAsync(await _merchant.PayWithTestHelperAsync(session.Id(), card))).GetProperty("checkout_session");
        return await SubscriptionAsync(paid.GetProperty("subscription").GetString()!);
    }

    Task<JsonElement> SubscriptionAsync(string id) => GetAsync($"/v1/subscriptions/{id}", "subscription");

    async Task<List<JsonElement>> InvoicesAsync(string subscriptionId) =>
        (await GetAsync($"/v1/invoices?subscription={subscriptionId}&limit=100", "invoices")).EnumerateArray().Reverse().ToList();

    async Task<List<string>> EventTypesAsync() =>
        (await GetAsync("/v1/events?limit=100", "events")).EnumerateArray().Select(e => e.GetProperty("event_type").GetString()!).Reverse().ToList();

    static string Status(JsonElement o) => o.GetProperty("status").GetString()!;

    [Fact]
    public async Task APeriodsEnd_InvoicesAndChargesTheSavedCard_Once_AndThePaymentCanBeRefunded()
    {
        var subscription = await SubscribeAsync();
        var id = subscription.GetProperty("subscription_id").GetString()!;
        var periodEnd = subscription.GetProperty("current_period_end").GetInt64();

        _app.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal((0, 0), await _app.RenewDueAsync());
        _app.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(periodEnd).AddMinutes(1));
        Assert.Equal((1, 0), await _app.RenewDueAsync());
        Assert.Equal((0, 0), await _app.RenewDueAsync());

        var renewed = await SubscriptionAsync(id);
        Assert.Equal(("active", periodEnd, DateTimeOffset.FromUnixTimeSeconds(periodEnd).AddMonths(1).ToUnixTimeSeconds()),
            (Status(renewed), renewed.GetProperty("current_period_start").GetInt64(), renewed.GetProperty("current_period_end").GetInt64()));
        var invoices = await InvoicesAsync(id);
        Assert.Equal(2, invoices.Count);
        var invoice = invoices[1];
        Assert.Equal((renewed.GetProperty("latest_invoice").GetString(), "paid", "subscription_cycle", 4000L, 4000L, 1),
            (invoice.GetProperty("invoice_id").GetString()!, Status(invoice), invoice.GetProperty("billing_reason").GetString(), invoice.GetProperty("amount_due").GetInt64(),
                invoice.GetProperty("amount_paid").GetInt64(), invoice.GetProperty("attempt_count").GetInt32()));
        Assert.Equal(periodEnd, invoice.GetProperty("period_start").GetInt64());

        var intent = await GetAsync($"/v1/payment_intents/{invoice.GetProperty("payment_intent").GetString()}", "payment_intent");
        Assert.Equal(("succeeded", 4000L, invoice.GetProperty("invoice_id").GetString()!, JsonValueKind.Null, subscription.GetProperty("customer").GetString()),
            (Status(intent), intent.GetProperty("amount_received").GetInt64(), intent.GetProperty("invoice").GetString(),
                intent.GetProperty("checkout_session").ValueKind, intent.GetProperty("customer").GetString()));
        Assert.Equal("4242", intent.GetProperty("payment_method").GetProperty("card").GetProperty("last4").GetString());
        var events = await EventTypesAsync();
        Assert.Equal(["customer.subscription.updated", "invoice.created", "invoice.finalized", "payment_intent.created", "payment_intent.succeeded",
            "charge.succeeded", "invoice.paid", "invoice.payment_succeeded"], events[^8..]);

        // A renewal's payment is refunded by amount; it has no session lines to refund by.
        await BodyAsync(await _api.PostJsonAsync("/v1/refunds",
            $$"""{"refund": {"payment_intent_id": "{{intent.GetProperty("payment_intent_id").GetString()!}}", "line_items": [{"line_item_id": "li_x", "amount": 100}]} }"""),
            HttpStatusCode.BadRequest);
        var refund = (await BodyAsync(await _api.PostJsonAsync("/v1/refunds",
            $$"""{"refund": {"payment_intent_id": "{{intent.GetProperty("payment_intent_id").GetString()!}}", "amount": 1500} }"""))).GetProperty("refund");
        Assert.Equal(("succeeded", JsonValueKind.Null), (Status(refund), refund.GetProperty("checkout_session").ValueKind));
        Assert.Equal(1500L, (await GetAsync($"/v1/payment_intents/{intent.GetProperty("payment_intent_id").GetString()!}", "payment_intent")).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task ANodeDownForMonths_RenewsEachMissedPeriodOnce_InOrder()
    {
        var subscription = await SubscribeAsync();
        _app.Clock.Advance(TimeSpan.FromDays(95)); // three period ends passed

        Assert.Equal((3, 0), await _app.RenewDueAsync());

        var invoices = await InvoicesAsync(subscription.GetProperty("subscription_id").GetString()!);
        Assert.Equal(4, invoices.Count);
        Assert.All(invoices, i => Assert.Equal("paid", Status(i)));
        Assert.Equal(invoices.Select(i => i.GetProperty("period_start").GetInt64()).Order(), invoices.Select(i => i.GetProperty("period_start").GetInt64()));
        Assert.Equal(4, invoices.Select(i => i.GetProperty("period_start").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task OnAClock_ATrialEnds_TheRenewalDeclines_RetriesFollowTheSchedule_ThenTheSubscriptionIsCanceled()
    {
        var start = TestApp.Start;
        var clock = await Clocks.CreateAsync(_merchant, start);
        var clockId = clock.GetProperty("test_clock_id").GetString()!;
        var customer = await Clocks.CustomerAsync(_merchant, clockId);
        var subscription = await SubscribeAsync($$""", "customer": "{{customer}}", "subscription_data": {"trial_period_days": 7}""", DeclinesOffSession);
        var id = subscription.GetProperty("subscription_id").GetString()!;
        Assert.Equal("trialing", Status(subscription));

        // Real time moving does nothing to a clocked subscription.
        _app.Clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal((0, 0), await _app.RenewDueAsync());

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddDays(7).AddHours(1));
        var pastDue = await SubscriptionAsync(id);
        Assert.Equal("past_due", Status(pastDue));
        var invoice = (await InvoicesAsync(id))[^1];
        Assert.Equal(("open", 1, start.AddDays(8).ToUnixTimeSeconds(), 4000L, 0L), (Status(invoice), invoice.GetProperty("attempt_count").GetInt32(),
            invoice.GetProperty("next_payment_attempt").GetInt64(), invoice.GetProperty("amount_due").GetInt64(), invoice.GetProperty("amount_paid").GetInt64()));
        var intent = await GetAsync($"/v1/payment_intents/{invoice.GetProperty("payment_intent").GetString()}", "payment_intent");
        Assert.Equal(("requires_payment_method", "card_declined"), (Status(intent), intent.GetProperty("last_payment_error").GetProperty("code").GetString()));

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddDays(10).AddHours(1)); // the day-1 and day-3 retries
        invoice = (await InvoicesAsync(id))[^1];
        Assert.Equal((3, start.AddDays(12).ToUnixTimeSeconds()), (invoice.GetProperty("attempt_count").GetInt32(), invoice.GetProperty("next_payment_attempt").GetInt64()));
        Assert.Equal("past_due", Status(await SubscriptionAsync(id)));

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddDays(20));
        var canceled = await SubscriptionAsync(id);
        Assert.Equal(("canceled", start.AddDays(12).ToUnixTimeSeconds()), (Status(canceled), canceled.GetProperty("canceled_at").GetInt64()));
        var invoices = await InvoicesAsync(id);
        Assert.Equal(2, invoices.Count);
        Assert.Equal(("void", 4), (Status(invoices[1]), invoices[1].GetProperty("attempt_count").GetInt32()));
        var events = await EventTypesAsync();
        Assert.Equal(4, events.Count(e => e == "invoice.payment_failed"));
        Assert.Equal(4, events.Count(e => e == "charge.failed"));
        Assert.Equal("customer.subscription.deleted", events[^1]);

        // Over: advancing further bills nothing.
        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddDays(80));
        Assert.Equal(2, (await InvoicesAsync(id)).Count);
    }

    [Fact]
    public async Task CancelAtPeriodEnd_EndsItThere_WithoutAnotherInvoice_AndPendingItemsBillFromTheNextPeriod()
    {
        var start = TestApp.Start;
        var clockId = (await Clocks.CreateAsync(_merchant, start)).GetProperty("test_clock_id").GetString()!;
        var customer = await Clocks.CustomerAsync(_merchant, clockId);
        var changed = (await SubscribeAsync($$""", "customer": "{{customer}}" """)).GetProperty("subscription_id").GetString()!;
        var ending = (await SubscribeAsync($$""", "customer": "{{customer}}" """)).GetProperty("subscription_id").GetString()!;
        await BodyAsync(await _api.PostJsonAsync($"/v1/subscriptions/{changed}", $$"""{"subscription": {"items": [{"price": "{{_monthly}}", "quantity": 3}]} }"""));
        await BodyAsync(await _api.PostJsonAsync($"/v1/subscriptions/{ending}", """{"subscription": {"cancel_at_period_end": true} }"""));

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddMonths(1).AddDays(1));

        var renewed = await SubscriptionAsync(changed);
        Assert.Equal(("active", 3L, JsonValueKind.Null), (Status(renewed), renewed.GetProperty("items")[0].GetProperty("quantity").GetInt64(),
            renewed.GetProperty("pending_items").ValueKind));
        Assert.Equal(6000L, (await InvoicesAsync(changed))[^1].GetProperty("amount_paid").GetInt64());
        var ended = await SubscriptionAsync(ending);
        Assert.Equal(("canceled", start.AddMonths(1).ToUnixTimeSeconds()), (Status(ended), ended.GetProperty("canceled_at").GetInt64()));
        Assert.Single(await InvoicesAsync(ending));
    }

    [Fact]
    public async Task AnOpenInvoice_IsPaidOnItsHostedPage_WithAnotherCard_WhichBecomesTheDefault_AndTheSubscriptionIsActiveAgain()
    {
        var subscription = await SubscribeAsync(card: DeclinesOffSession);
        var id = subscription.GetProperty("subscription_id").GetString()!;
        _app.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(subscription.GetProperty("current_period_end").GetInt64()));
        Assert.Equal((1, 0), await _app.RenewDueAsync());
        var invoice = (await InvoicesAsync(id))[^1];
        var invoiceId = invoice.GetProperty("invoice_id").GetString()!;
        Assert.Equal(("open", "past_due"), (Status(invoice), Status(await SubscriptionAsync(id))));
        using var buyer = new HostedPageClient(_api.BaseAddress!);

        var page = await (await buyer.PayInvoiceAsync(invoiceId, "4242 4242 4242 4242", cvc: "")).Content.ReadAsStringAsync();
        Assert.Contains("field-error", page);
        var declined = await buyer.PayInvoiceAsync(invoiceId, "4000 0000 0000 0002");
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("role=\"alert\"", await declined.Content.ReadAsStringAsync());
        Assert.Equal(("open", 2), (Status(invoice = (await InvoicesAsync(id))[^1]), invoice.GetProperty("attempt_count").GetInt32()));

        var paid = await buyer.PayInvoiceAsync(invoiceId, "5555 5555 5555 4444");
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"/pay/i/{invoiceId}", paid.Headers.Location?.OriginalString);
        var receipt = await (await _api.GetAsync($"/pay/i/{invoiceId}")).Content.ReadAsStringAsync();
        Assert.Contains("Invoice paid", receipt);
        Assert.DoesNotContain("card_number", receipt);

        invoice = (await InvoicesAsync(id))[^1];
        Assert.Equal(("paid", 4000L, 3), (Status(invoice), invoice.GetProperty("amount_paid").GetInt64(), invoice.GetProperty("attempt_count").GetInt32()));
        var active = await SubscriptionAsync(id);
        Assert.Equal("active", Status(active));
        Assert.NotEqual(subscription.GetProperty("default_payment_method").GetString(), active.GetProperty("default_payment_method").GetString());
        var intent = await GetAsync($"/v1/payment_intents/{invoice.GetProperty("payment_intent").GetString()}", "payment_intent");
        Assert.Equal(("succeeded", "4444"), (Status(intent), intent.GetProperty("payment_method").GetProperty("card").GetProperty("last4").GetString()));

        // The new card pays the next renewal, off-session.
        _app.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(active.GetProperty("current_period_end").GetInt64()));
        Assert.Equal((1, 0), await _app.RenewDueAsync());
        Assert.Equal("paid", Status((await InvoicesAsync(id))[^1]));
    }

    [Fact]
    public async Task DeletingAClock_DeletesItsSubscriptionsAndInvoices_AndNothingRenewsAfter()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, TestApp.Start)).GetProperty("test_clock_id").GetString()!;
        var customer = await Clocks.CustomerAsync(_merchant, clockId);
        var id = (await SubscribeAsync($$""", "customer": "{{customer}}" """)).GetProperty("subscription_id").GetString()!;
        var plain = (await SubscribeAsync()).GetProperty("subscription_id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await _api.DeleteAsync($"/v1/test_helpers/test_clocks/{clockId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/v1/subscriptions/{id}")).StatusCode);
        Assert.Empty(await InvoicesAsync(id));
        Assert.Single(await InvoicesAsync(plain));
        _app.Clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal((1, 0), await _app.RenewDueAsync()); // the subscription on no clock, alone
    }

    [Fact]
    public async Task CancelAt_MidPeriod_EndsItAtThatTime()
    {
        var subscription = await SubscribeAsync();
        var id = subscription.GetProperty("subscription_id").GetString()!;
        var cancelAt = TestApp.Start.AddDays(10);
        await BodyAsync(await _api.PostJsonAsync($"/v1/subscriptions/{id}", $$"""{"subscription": {"cancel_at": {{cancelAt.ToUnixTimeSeconds()}} } }"""));

        _app.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal((0, 0), await _app.RenewDueAsync());
        _app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal((1, 0), await _app.RenewDueAsync());

        var ended = await SubscriptionAsync(id);
        Assert.Equal(("canceled", cancelAt.ToUnixTimeSeconds()), (Status(ended), ended.GetProperty("canceled_at").GetInt64()));
        _app.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal((0, 0), await _app.RenewDueAsync());
    }

    [Fact]
    public async Task AfterRetriesUnpaid_KeepsTheSubscription_WithItsInvoiceOpen_AndBillsNoMorePeriods()
    {
        await DisposeAsync();
        await StartAsync(new Dictionary<string, string?>
        {
            ["OpenCheckout:Subscriptions:AfterRetries"] = "unpaid",
            ["OpenCheckout:Subscriptions:RetrySchedule:0"] = "2.00:00:00",
        });
        var subscription = await SubscribeAsync(card: DeclinesOffSession);
        var id = subscription.GetProperty("subscription_id").GetString()!;
        _app.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(subscription.GetProperty("current_period_end").GetInt64()));
        Assert.Equal((1, 0), await _app.RenewDueAsync());
        Assert.Equal("past_due", Status(await SubscriptionAsync(id)));
        _app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal((0, 0), await _app.RenewDueAsync());
        _app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal((0, 1), await _app.RenewDueAsync());

        Assert.Equal("unpaid", Status(await SubscriptionAsync(id)));
        var invoice = (await InvoicesAsync(id))[^1];
        Assert.Equal(("open", 2, JsonValueKind.Null), (Status(invoice), invoice.GetProperty("attempt_count").GetInt32(),
            invoice.GetProperty("next_payment_attempt").ValueKind));
        _app.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal((0, 0), await _app.RenewDueAsync());
        Assert.Equal(2, (await InvoicesAsync(id)).Count);
    }
}

public sealed class RenewalsTestsOnSqlite() : RenewalsTests(DatabaseProvider.Sqlite);
public sealed class RenewalsTestsOnPostgres() : RenewalsTests(DatabaseProvider.Postgres);
