using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Deleting all test data, through <c>POST /v1/test_helpers/reset</c> and through Developers → Test data: every
/// test-mode object of the account goes; live-mode objects, another account's objects, API keys and webhook endpoints stay
/// (the API's lists prove it); a live key is refused; a viewer's forged POST is a 403 and deletes nothing; resets racing
/// sessions being created and paid give no 5xx and leave no payment without its session.</summary>
public abstract class DashboardTestDataResetTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    static readonly (string Path, string List)[] Lists =
    [
        ("/v1/checkout/sessions", "checkout_sessions"), ("/v1/payment_intents", "payment_intents"), ("/v1/customers", "customers"),
        ("/v1/products", "products"), ("/v1/prices", "prices"), ("/v1/coupons", "coupons"), ("/v1/shipping_rates", "shipping_rates"),
        ("/v1/events", "events"), ("/v1/refunds", "refunds"), ("/v1/webhooks", "webhooks"), ("/v1/promo_codes", "promo_codes"),
    ];

    /// <summary>A product, price, coupon with a promotion code, shipping rate, webhook endpoint and (test mode) a paid, partly refunded session with its
    /// customer, events and deliveries; in live mode the same but unpaid (live payments are not available).</summary>
    static async Task SeedAsync(TestMerchant merchant, bool live)
    {
        using var api = merchant.Api(live);
        var hook = await api.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new { webhook = new
        {
            url = live ? "https://93.184.215.14/hooks" : "http://127.0.0.1:9/hooks",
            events = live ? new[] { "checkout.session.completed" } : ["*"],
        } }));
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        var price = await merchant.CreatePriceAsync(2500, live: live);
        var coupon = await api.PostJsonAsync("/v1/coupons", """{"coupon": {"name": "Spring", "percent_off": 10, "duration": "once"} }""");
        Assert.Equal(HttpStatusCode.OK, coupon.StatusCode);
        var couponId = (await coupon.ReadJsonAsync()).GetProperty("coupon").GetProperty("coupon_id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/promo_codes", $$"""{"promo_code": {"coupon_id": "{{couponId}}", "code": "SPRING"} }""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/shipping_rates", """{"shipping_rate": {"display_name": "Post", "amount": 500} }""")).StatusCode);
        var session = await merchant.CreateSessionAsync(price, live);
        if (live) return;
        Assert.Equal(HttpStatusCode.OK, (await merchant.PayWithTestHelperAsync(session.Id())).StatusCode);
        var intent = Assert.Single(await merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/refunds",
            $$"""{"payment_intent_id": "{{intent.GetProperty("payment_intent_id").GetString()}}", "amount": 300}""")).StatusCode);
    }

    static async Task<Dictionary<string, int>> CountsAsync(TestMerchant merchant, bool live)
    {
        using var api = merchant.Api(live);
        var counts = new Dictionary<string, int>();
        foreach (var (path, list) in Lists) counts[list] = (await api.ListAsync(path + "?limit=100", list)).Length;
        return counts;
    }

    static Task<HttpResponseMessage> ResetAsync(HttpClient api) => api.PostAsync("/v1/test_helpers/reset", null);

    [Fact]
    public async Task TheResetEndpoint_DeletesTestObjects_AndKeepsLiveObjects_OtherAccounts_KeysAndWebhookEndpoints()
    {
        var other = await App.CreateMerchantAsync("Coffee shop");
        await SeedAsync(Merchant, live: false);
        await SeedAsync(Merchant, live: true);
        await SeedAsync(other, live: false);
        var liveBefore = await CountsAsync(Merchant, live: true);
        var otherBefore = await CountsAsync(other, live: false);
        var testBefore = await CountsAsync(Merchant, live: false);
        Assert.All(testBefore, c => Assert.True(c.Value > 0, $"{c.Key}: nothing was seeded"));

        using var live = Merchant.Api(live: true);
        await ApiAssert.ErrorAsync(await ResetAsync(live), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal(testBefore, await CountsAsync(Merchant, live: false));

        using var api = Merchant.Api();
        var response = await ResetAsync(api);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("test_helpers.reset", body.GetProperty("object").GetString());
        Assert.True(body.GetProperty("test_mode").GetBoolean());
        var deleted = body.GetProperty("deleted");
        Assert.Equal(1, deleted.GetProperty("checkout_sessions").GetInt32());
        Assert.Equal(1, deleted.GetProperty("payment_intents").GetInt32());
        Assert.Equal(1, deleted.GetProperty("refunds").GetInt32());
        Assert.Equal(1, deleted.GetProperty("customers").GetInt32()); // the buyer, made by paying
        Assert.Equal(testBefore["products"], deleted.GetProperty("products").GetInt32());
        Assert.Equal(1, deleted.GetProperty("promo_codes").GetInt32());
        Assert.Equal(testBefore["events"], deleted.GetProperty("events").GetInt32());
        Assert.True(deleted.GetProperty("webhook_deliveries").GetInt32() > 0);
        Assert.True(deleted.GetProperty("request_log").GetInt32() >= 0);
        Assert.Equal(deleted.EnumerateObject().Sum(p => p.Value.GetInt32()), body.GetProperty("total").GetInt32());

        var testAfter = await CountsAsync(Merchant, live: false); // the test key still works: keys are kept
        Assert.All(testAfter.Where(c => c.Key != "webhooks"), c => Assert.True(c.Value == 0, $"{c.Key}: {c.Value} left"));
        Assert.Equal(1, testAfter["webhooks"]);
        Assert.Equal(liveBefore, await CountsAsync(Merchant, live: true));
        Assert.Equal(otherBefore, await CountsAsync(other, live: false));

        // Nothing of the test mode is left in the tables the API does not list either.
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        Assert.False(await db.WebhookAttempts.AnyAsync(a => a.AccountId == Merchant.AccountId && a.TestMode));
        Assert.False(await db.Disputes.AnyAsync(d => d.AccountId == Merchant.AccountId && d.TestMode));
        var events = db.Events;
        Assert.False(await db.WebhookDeliveries.AnyAsync(d => !events.Any(e => e.Id == d.EventId)));
    }

    [Fact]
    public async Task ADeveloper_DeletesAllTestData_FromTheDashboard_AndIsToldHowMany()
    {
        await SeedAsync(Merchant, live: false);
        await SeedAsync(Merchant, live: true);
        var liveBefore = await CountsAsync(Merchant, live: true);
        await using var tab = await SignedInAsync(DashboardRole.Developer);
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/keys"));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Test data" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/developers/test-data");

        // A wrong confirmation deletes nothing.
        await tab.Page.GetByLabel("Type the account name").FillAsync("Tea");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Delete all test data" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing was deleted");
        Assert.Single(await Merchant.SessionsAsync());

        await tab.Page.GetByLabel("Type the account name").FillAsync("Tea shop");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Delete all test data" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 checkout sessions");
        await ScreenshotAsync(tab, "test-data");
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 customers");

        var testAfter = await CountsAsync(Merchant, live: false);
        Assert.All(testAfter.Where(c => c.Key != "webhooks"), c => Assert.True(c.Value == 0, $"{c.Key}: {c.Value} left"));
        Assert.Equal(1, testAfter["webhooks"]);
        Assert.Equal(liveBefore, await CountsAsync(Merchant, live: true));

        // Live mode has no such form, and a POST there is refused.
        await tab.Page.GotoAsync(Url("/dashboard/live/developers/test-data"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Delete all test data" }).CountAsync());
        Assert.Equal(0, await tab.Page.Locator(".subnav").GetByRole(AriaRole.Link, new() { Name = "Test data" }).CountAsync());
        var forgedLive = await ForgedPostAsync(tab, "/dashboard/live/developers/test-data", new() { ["confirm"] = "Tea shop" });
        Assert.Equal(403, forgedLive.Status);
        Assert.Equal(liveBefore, await CountsAsync(Merchant, live: true));
    }

    [Fact]
    public async Task AViewer_SeesNoForm_AndTheForgedPostIsRefused_DeletingNothing()
    {
        await SeedAsync(Merchant, live: false);
        var before = await CountsAsync(Merchant, live: false);
        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/test-data"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Delete all test data" }).CountAsync());

        var forged = await ForgedPostAsync(tab, "/dashboard/test/developers/test-data", new() { ["confirm"] = "Tea shop" });

        Assert.Equal(403, forged.Status);
        Assert.Equal(before, await CountsAsync(Merchant, live: false));
    }

    [Fact]
    public async Task ResetsRacingSessionsBeingCreatedAndPaid_GiveNo5xx_AndLeaveNoPaymentWithoutItsSession()
    {
        var statuses = new ConcurrentBag<(string What, int Status)>();
        // Until a few payments and resets have both happened (a slow machine needs longer), within a bound.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        bool Enough() => statuses.Count(s => s is ("pay", 200)) >= 5 && statuses.Count(s => s is ("reset", 200)) >= 5;

        async Task BuyLoopAsync()
        {
            using var api = Merchant.Api();
            string? price = null;
            while (!stop.IsCancellationRequested && !Enough())
            {
                // A reset may delete the price (the session is then refused, 422) or its product (the price is refused): answers, not failures.
                if (price is null)
                {
                    var product = await api.PostJsonAsync("/v1/products", """{"name":"Tea"}""");
                    statuses.Add(("product", (int)product.StatusCode));
                    if (product.StatusCode != HttpStatusCode.OK) continue; // e.g. 429: the key's rate limit
                    var productId = (await product.ReadJsonAsync()).GetProperty("product").GetProperty("product_id").GetString();
                    var made = await api.PostJsonAsync("/v1/prices", $$$"""{"product":"{{{productId}}}","unit_amount":1200,"currency":"usd"}""");
                    statuses.Add(("price", (int)made.StatusCode));
                    if (made.StatusCode != HttpStatusCode.OK) continue;
                    price = (await made.ReadJsonAsync()).GetProperty("price").GetProperty("price_id").GetString();
                }
                var created = await api.PostJsonAsync("/v1/checkout/sessions", $$"""
                    {"success_url":"https://shop.example/s","cancel_url":"https://shop.example/c","mode":"payment",
                     "line_items":[{"price_id":"{{price}}","quantity":1}]}
                    """);
                statuses.Add(("create", (int)created.StatusCode));
                if (created.StatusCode != HttpStatusCode.OK)
                {
                    price = null;
                    continue;
                }
                var id = (await created.ReadJsonAsync()).GetProperty("checkout_session").Id();
                var paid = await api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{id}/pay", "{}");
                statuses.Add(("pay", (int)paid.StatusCode));
                statuses.Add(("get", (int)(await api.GetAsync($"/v1/checkout/sessions/{id}")).StatusCode));
            }
        }

        async Task ResetLoopAsync()
        {
            using var api = Merchant.Api();
            while (!stop.IsCancellationRequested && !Enough())
            {
                statuses.Add(("reset", (int)(await ResetAsync(api)).StatusCode));
                await Task.Delay(250);
            }
        }

        await Task.WhenAll(BuyLoopAsync(), BuyLoopAsync(), BuyLoopAsync(), ResetLoopAsync());

        Assert.DoesNotContain(statuses, s => s.Status >= 500);
        Assert.True(Enough(), $"In 60 s: {statuses.Count(s => s is ("pay", 200))} payments and {statuses.Count(s => s is ("reset", 200))} resets.");
        // The loops share one key, so a reset may meet the key's rate limit (429, nothing deleted): an answer, not a failure.
        Assert.All(statuses.Where(s => s.What == "reset"), s => Assert.Contains(s.Status, new[] { 200, 429 }));
        Assert.All(statuses.Where(s => s.What is "pay" or "get"), s => Assert.Contains(s.Status, new[] { 200, 404, 429 }));

        // Whatever interleaved, every payment intent still has its session, and every delivery its event.
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var sessions = db.CheckoutSessions;
        var events = db.Events;
        Assert.Equal(0, await db.PaymentIntents.CountAsync(p => !sessions.Any(s => s.Id == p.SessionId)));
        Assert.Equal(0, await db.WebhookDeliveries.CountAsync(d => !events.Any(e => e.Id == d.EventId)));
    }
}

public sealed class DashboardTestDataResetTestsOnSqlite(BrowserFixture browser) : DashboardTestDataResetTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardTestDataResetTestsOnPostgres(BrowserFixture browser) : DashboardTestDataResetTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
