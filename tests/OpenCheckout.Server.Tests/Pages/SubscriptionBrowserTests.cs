using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenCheckout.Server.Tests.Features.TestClocks;
using OpenCheckout.Server.Tests.Features.Webhooks;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>A buyer subscribes with a trial on the hosted page, in a real browser (Debian's Chromium), with a card that pays
/// today and declines off-session; then the test clock moves past the trial and every retry. The API and the merchant's real
/// webhook receiver see each step: the declined renewal, the retries, the cancellation.</summary>
public abstract class SubscriptionBrowserTests(BrowserFixture browser, DatabaseProvider provider) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    MerchantSite _shop = null!;
    WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Coaching");
        _shop = await MerchantSite.StartAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _shop.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SubscribeWithATrial_ThenTheClockPassesTheTrialAndEveryRetry_AndTheSubscriptionEndsCanceled()
    {
        using var api = _merchant.Api();
        var endpoint = (await (await api.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new
        {
            webhook = new { url = _receiver.Url(), events = new[] { "customer.subscription.created", "customer.subscription.updated",
                "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed" } },
        }))).ReadJsonAsync()).GetProperty("webhook");
        var secret = endpoint.GetProperty("signing_secret").GetString()!;
        var product = (await (await api.PostJsonAsync("/v1/products", """{"product": {"name": "Coaching"} }""")).ReadJsonAsync())
            .GetProperty("product").GetProperty("product_id").GetString();
        var price = (await (await api.PostJsonAsync("/v1/prices",
                $$"""{"price": {"product": "{{product}}", "unit_amount": 2500, "recurring": {"interval": "monthly"} } }""")).ReadJsonAsync())
            .GetProperty("price").GetProperty("price_id").GetString();
        var start = TestApp.Start;
        var clockId = (await Clocks.CreateAsync(_merchant, start)).GetProperty("test_clock_id").GetString()!;
        var customer = await Clocks.CustomerAsync(_merchant, clockId, "jo@example.com");
        var session = (await (await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"checkout_session": {"mode": "subscription", "success_url": "{{_shop.SuccessUrl}}", "customer": "{{customer}}",
             "line_items": [{"price": "{{price}}", "quantity": 1}], "subscription_data": {"trial_period_days": 7} } }
            """)).ReadJsonAsync()).GetProperty("checkout_session");

        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        await Expect(page.GetByText("Then $25.00 every month, after a 7-day free trial.")).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Jo Doe");
        await page.GetByLabel("Card number", new() { Exact = true }).FillAsync("4000 0000 0000 0341");
        await page.GetByLabel("Expiration", new() { Exact = true }).FillAsync("11 / 31");
        await page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{_shop.BaseAddress}success?session_id={session.Id()}");

        var subscriptionId = (await _merchant.GetSessionAsync(session.Id())).GetProperty("subscription").GetString()!;
        Assert.Equal("trialing", await StatusAsync(api, subscriptionId));

        // Past the trial: the first charge declines, and the subscription is past due with a retry a day later.
        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddDays(7).AddHours(1));
        Assert.Equal("past_due", await StatusAsync(api, subscriptionId));
        // Past the retries at 1, 3 and 5 days: all declined, then canceled.
        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, start.AddDays(13));
        Assert.Equal("canceled", await StatusAsync(api, subscriptionId));
        var invoice = (await (await api.GetAsync($"/v1/invoices?subscription={subscriptionId}")).ReadJsonAsync()).GetProperty("invoices")[0];
        Assert.Equal(("void", 4, 2500L), (invoice.GetProperty("status").GetString(), invoice.GetProperty("attempt_count").GetInt32(),
            invoice.GetProperty("amount_due").GetInt64()));

        // The merchant's receiver got each step, signed (in any order, as webhooks may arrive): created with its first
        // invoice paid (nothing due in the trial), trial over, past due, four failed attempts, deleted.
        var received = await _receiver.WaitForAsync(9, TimeSpan.FromSeconds(30));
        Assert.All(received, r => Assert.True(r.VerifiesWith(secret, _app.Now())));
        var types = received.GroupBy(r => r.Json.GetProperty("event_type").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["customer.subscription.created"] = 1, ["invoice.paid"] = 1, ["customer.subscription.updated"] = 2,
            ["invoice.payment_failed"] = 4, ["customer.subscription.deleted"] = 1,
        }, types);
        var deleted = received.Single(r => r.Json.GetProperty("event_type").GetString() == "customer.subscription.deleted");
        Assert.Equal("canceled", deleted.Json.GetProperty("object").GetProperty("subscription").GetProperty("status").GetString());
        Assert.Empty(tab.OffMachineRequests());
        Assert.True(tab.Errors.Count == 0, string.Join(Environment.NewLine, tab.Errors));
    }

    static async Task<string> StatusAsync(HttpClient api, string subscriptionId) =>
        (await (await api.GetAsync($"/v1/subscriptions/{subscriptionId}")).ReadJsonAsync()).GetProperty("subscription").GetProperty("status").GetString()!;
}

public sealed class SubscriptionBrowserTestsOnSqlite(BrowserFixture browser) : SubscriptionBrowserTests(browser, DatabaseProvider.Sqlite);
public sealed class SubscriptionBrowserTestsOnPostgres(BrowserFixture browser) : SubscriptionBrowserTests(browser, DatabaseProvider.Postgres);
