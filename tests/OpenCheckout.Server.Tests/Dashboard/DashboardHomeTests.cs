using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Tests.Features.Webhooks;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>The dashboard's Home in a real browser: data made through the API on two days (the test's clock moves a day)
/// — sessions paid, declined (each declined attempt counted, also one followed by a success), refunded, and a webhook
/// endpoint that fails once — read back from the tables beside the charts; the charts are SVG images with a summary, the
/// range links change the days shown, no CSP violation, and no horizontal scroll at 360 px.</summary>
/// Moves of a day with a fake clock: the expiry sweep runs hourly, so the jump costs no time.
public abstract class DashboardHomeTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider, WebhookKit.ClockJumpSettings)
{
    const string PaidCard = "4242424242424242";
    const string GenericDecline = "4000000000000002";
    const string InsufficientFunds = "4000000000009995";

    static async Task<string> SessionAsync(TestMerchant merchant, string price, long quantity = 1) =>
        (await merchant.CreateSessionAsync(price, quantity: quantity)).GetProperty("id").GetString()!;

    static async Task PayAsync(TestMerchant merchant, string session, string card, HttpStatusCode expected)
    {
        using var paid = await merchant.PayAsync(session, card);
        Assert.Equal(expected, paid.StatusCode);
    }

    async Task WaitForAttemptsAsync(string webhookId, int count)
    {
        var waited = Stopwatch.StartNew();
        while ((await Merchant.DeliveriesAsync(webhookId)).Count < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"Fewer than {count} webhook attempts were recorded.");
            await Task.Delay(20);
        }
    }

    /// <summary>A section's chart table, opened as a person would (its <c>details</c>).</summary>
    static async Task<ILocator> TableAsync(IPage page, string section)
    {
        var region = page.GetByRole(AriaRole.Region, new() { Name = section, Exact = true });
        var details = region.Locator("details");
        if (await details.GetAttributeAsync("open") is null) await region.Locator("summary").ClickAsync();
        return region.Locator("table");
    }

    /// <summary>The data cells of the row whose header is <paramref name="header"/>.</summary>
    static Task<IReadOnlyList<string>> RowAsync(ILocator table, string header) =>
        table.Locator("tr").Filter(new() { Has = table.Page.Locator("th", new() { HasTextRegex = new($"^{header}$") }) })
            .Locator("td").AllInnerTextsAsync();

    [Fact]
    public async Task Home_ChartsTwoDaysOfPayments_AndItsTablesHaveTheNumbers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var requests = 0;
        receiver.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref requests) == 1 ? new Reply(500, "down") : Reply.Ok);
        var webhook = (await Merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"])).Str("webhook_id");
        var price = await Merchant.CreatePriceAsync(2000);

        // 2 March: one session paid; its webhook's first attempt fails.
        var first = await SessionAsync(Merchant, price);
        await PayAsync(Merchant, first, PaidCard, HttpStatusCode.OK);
        await App.DeliverDueAsync();
        await WaitForAttemptsAsync(webhook, 1);

        // 3 March: one session declined then paid, one declined, one left open; the first partly refunded; the webhook
        // retried (and succeeding from now on).
        App.Clock.Advance(TimeSpan.FromDays(1));
        var second = await SessionAsync(Merchant, price, quantity: 2);
        await PayAsync(Merchant, second, GenericDecline, HttpStatusCode.PaymentRequired);
        await PayAsync(Merchant, second, PaidCard, HttpStatusCode.OK);
        var third = await SessionAsync(Merchant, price);
        await PayAsync(Merchant, third, InsufficientFunds, HttpStatusCode.PaymentRequired);
        await SessionAsync(Merchant, price);
        using (var api = Merchant.Api())
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/checkout/sessions/{first}/refund", Json.Body("""{"amount": 500}"""))).StatusCode);
        await App.DeliverDueAsync();
        await WaitForAttemptsAsync(webhook, 3);

        // Another account's payment and a live-mode session count nowhere here.
        var other = await App.CreateMerchantAsync("Other shop");
        await PayAsync(other, await SessionAsync(other, await other.CreatePriceAsync(9900)), PaidCard, HttpStatusCode.OK);
        await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(live: true), live: true);

        await using var tab = await SignedInAsync(DashboardRole.Owner);
        var page = tab.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Home" }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "30 days" })).ToHaveAttributeAsync("aria-current", "page");

        // Five charts, each an image with a summary of what it shows.
        var charts = page.Locator("svg[role=img]");
        Assert.Equal(5, await charts.CountAsync());
        foreach (var chart in await charts.AllAsync()) Assert.False(string.IsNullOrWhiteSpace(await chart.GetAttributeAsync("aria-label")));
        var sessionsChart = page.GetByRole(AriaRole.Img, new() { Name = "Checkout sessions per day" });
        await Assertions.Expect(sessionsChart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("4 created, 2 completed. Conversion 50%"));
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Payment attempts" }))
            .ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("2 succeeded, 2 declined \\(1 generic_decline, 1 insufficient_funds\\)"));
        // One bar a day with sales, two days of sessions (created and completed each).
        Assert.Equal(2, await page.GetByRole(AriaRole.Region, new() { Name = "Gross volume" }).Locator("svg rect").CountAsync());
        Assert.Equal(4, await page.GetByRole(AriaRole.Region, new() { Name = "Sessions" }).Locator("svg rect").CountAsync());
        await ScreenshotAsync(tab, "home");

        var volume = await TableAsync(page, "Gross volume");
        Assert.Equal(["$20.00"], await RowAsync(volume, "2026-03-02"));
        Assert.Equal(["$40.00"], await RowAsync(volume, "2026-03-03"));
        Assert.Equal(["$0.00"], await RowAsync(volume, "2026-03-01"));
        Assert.Equal(["$60.00"], await RowAsync(volume, "Total"));

        var sessions = await TableAsync(page, "Sessions");
        Assert.Equal(30, await sessions.Locator("tbody tr").CountAsync());
        Assert.Equal(["1", "1"], await RowAsync(sessions, "2026-03-02"));
        Assert.Equal(["3", "1"], await RowAsync(sessions, "2026-03-03"));
        Assert.Equal(["4", "2"], await RowAsync(sessions, "Total"));
        Assert.Equal(["50%"], await RowAsync(sessions, "Conversion"));

        // Every declined attempt counts, the one before the second session's payment too.
        var outcomes = await TableAsync(page, "Payment attempts");
        Assert.Equal(["—", "2"], await RowAsync(outcomes, "Succeeded"));
        var declines = outcomes.Locator("tbody tr").Filter(new() { HasText = "Declined" });
        Assert.Equal(["generic_decline", "1"], await declines.Filter(new() { HasText = "generic_decline" }).Locator("td").AllInnerTextsAsync());
        Assert.Equal(["insufficient_funds", "1"], await declines.Filter(new() { HasText = "insufficient_funds" }).Locator("td").AllInnerTextsAsync());
        Assert.Equal(["", "4"], await RowAsync(outcomes, "All attempts"));

        var refunds = await TableAsync(page, "Refunds");
        Assert.Equal(["0", "$0.00"], await RowAsync(refunds, "2026-03-02"));
        Assert.Equal(["1", "$5.00"], await RowAsync(refunds, "2026-03-03"));

        var webhooks = await TableAsync(page, "Webhook deliveries");
        Assert.Equal(["1", "0", "0%"], await RowAsync(webhooks, "2026-03-02"));
        Assert.Equal(["2", "2", "100%"], await RowAsync(webhooks, "2026-03-03"));
        Assert.Equal(["0", "0", "—"], await RowAsync(webhooks, "2026-03-01"));
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Webhook deliveries" }).Locator(".headline"))
            .ToContainTextAsync("66.7% of 3 attempts succeeded");

        // The range links.
        await page.GetByRole(AriaRole.Link, new() { Name = "7 days" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard/test?range=7");
        Assert.Equal(7, await (await TableAsync(page, "Sessions")).Locator("tbody tr").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "90 days" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard/test?range=90");
        Assert.Equal(90, await (await TableAsync(page, "Sessions")).Locator("tbody tr").CountAsync());
        Assert.Equal(["4", "2"], await RowAsync(await TableAsync(page, "Sessions"), "Total"));

        // Phone width: the charts shrink with the page, nothing scrolls sideways.
        await page.GotoAsync(Url("/dashboard/test"));
        await page.SetViewportSizeAsync(360, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "Home scrolls horizontally at 360 px.");
        await ScreenshotAsync(tab, "home-360");

        // Live mode: nothing of test mode's.
        await page.GetByRole(AriaRole.Link, new() { Name = "Live", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard/live");
        Assert.Equal(["0", "0"], await RowAsync(await TableAsync(page, "Sessions"), "2026-03-02"));
        Assert.Equal(["1", "0"], await RowAsync(await TableAsync(page, "Sessions"), "2026-03-03"));
        Assert.Equal(["$0.00"], await RowAsync(await TableAsync(page, "Gross volume"), "Total"));

        Assert.Empty(tab.Errors);
    }

    /// <summary>2 March's rows in the volume, sessions, attempts and deliveries tables.</summary>
    static async Task<string> MarchSecondAsync(IPage page)
    {
        var outcomes = await TableAsync(page, "Payment attempts");
        IEnumerable<string>[] rows =
        [
            await RowAsync(await TableAsync(page, "Gross volume"), "2026-03-02"),
            await RowAsync(await TableAsync(page, "Sessions"), "2026-03-02"),
            await RowAsync(outcomes, "Succeeded"),
            await outcomes.Locator("tbody tr").Filter(new() { HasText = "Declined" }).Locator("td").AllInnerTextsAsync(),
            await RowAsync(await TableAsync(page, "Refunds"), "2026-03-02"),
            await RowAsync(await TableAsync(page, "Webhook deliveries"), "2026-03-02"),
        ];
        return string.Join(" | ", rows.Select(r => string.Join(",", r)));
    }

    [Fact]
    public async Task ClosedDays_AreKept_AndDeletingAnEndpointOrTheTestDataForgetsThem()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = (await Merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"])).Str("webhook_id");
        var session = await SessionAsync(Merchant, await Merchant.CreatePriceAsync(2000));
        await PayAsync(Merchant, session, GenericDecline, HttpStatusCode.PaymentRequired);
        await PayAsync(Merchant, session, PaidCard, HttpStatusCode.OK);
        using var api = Merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/checkout/sessions/{session}/refund", Json.Body("""{"amount": 500}"""))).StatusCode);
        await App.DeliverDueAsync();
        await WaitForAttemptsAsync(webhook, 1);

        const string Paid = "$20.00 | 1,1 | —,1 | generic_decline,1 | 1,$5.00 | 1,1,100%";
        await using (var today = await SignedInAsync(DashboardRole.Owner))
            Assert.Equal(Paid, await MarchSecondAsync(today.Page));

        // Three days on (signed in again: the sign-in lasts 8 hours), 2 March is closed: computed once, kept, read back the same.
        App.Clock.Advance(TimeSpan.FromDays(3));
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        var page = tab.Page;
        Assert.Equal(Paid, await MarchSecondAsync(page));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
            var kept = await db.HomeDays.Where(d => d.AccountId == Merchant.AccountId && d.TestMode).Select(d => d.Day).ToListAsync();
            Assert.Contains(new DateOnly(2026, 3, 2), kept);
            Assert.DoesNotContain(DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime), kept);
        }
        await page.ReloadAsync();
        Assert.Equal(Paid, await MarchSecondAsync(page));

        // A deleted endpoint's attempts go, and so does what Home kept of them.
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/v1/webhooks/{webhook}")).StatusCode);
        await page.ReloadAsync();
        Assert.Equal("$20.00 | 1,1 | —,1 | generic_decline,1 | 1,$5.00 | 0,0,—", await MarchSecondAsync(page));

        // Deleting the test data leaves nothing of it on Home.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/v1/test_helpers/reset", null)).StatusCode);
        await page.ReloadAsync();
        Assert.Equal("$0.00 | 0,0 | —,0 |  | 0,$0.00 | 0,0,—", await MarchSecondAsync(page));
        Assert.Empty(tab.Errors);
    }

    /// <summary>A visit that keeps closed days while the test data is deleted: whichever commits first, Home shows nothing of
    /// the deleted data afterwards (the visit's rows are kept under the version it read, which the reset moved on).</summary>
    [Fact]
    public async Task AResetRacingAVisitThatKeepsDays_LeavesNothingOfTheDeletedData()
    {
        using var api = Merchant.Api();
        for (var round = 0; round < 8; round++)
        {
            await PayAsync(Merchant, await SessionAsync(Merchant, await Merchant.CreatePriceAsync(2000)), PaidCard, HttpStatusCode.OK);
            App.Clock.Advance(TimeSpan.FromDays(3)); // the payment's day closes: the next visit keeps it
            await using var tab = await SignedInAsync(DashboardRole.Owner);
            var visit = tab.Page.APIRequest.GetAsync(Url("/dashboard/test?range=90"));
            var reset = api.PostAsync("/v1/test_helpers/reset", null);
            Assert.Equal(200, (await visit).Status);
            Assert.Equal(HttpStatusCode.OK, (await reset).StatusCode);

            await tab.Page.GotoAsync(Url("/dashboard/test?range=90"));
            Assert.Equal(["$0.00"], await RowAsync(await TableAsync(tab.Page, "Gross volume"), "Total"));
        }
    }

    [Fact]
    public async Task SeveralCurrencies_TheMostUsedIsCharted_AndTheOthersAreInTheTable()
    {
        var usd = await Merchant.CreatePriceAsync(1000);
        var eur = await Merchant.CreatePriceAsync(2500, currency: "eur");
        foreach (var price in new[] { usd, usd, eur })
            await PayAsync(Merchant, await SessionAsync(Merchant, price), PaidCard, HttpStatusCode.OK);

        await using var tab = await SignedInAsync(DashboardRole.Owner);
        var page = tab.Page;

        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Gross volume per day" }))
            .ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"in USD, .*: \$20\.00 in total; .* Also €25\.00 in other currencies"));
        var volume = await TableAsync(page, "Gross volume");
        Assert.Equal(["Day", "USD", "EUR"], await volume.Locator("thead th").AllInnerTextsAsync());
        Assert.Equal(["$20.00", "€25.00"], await RowAsync(volume, "2026-03-02"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AnUnknownRange_ShowsTheDefault_AndAnEmptyAccountShowsZeros()
    {
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        await tab.Page.GotoAsync(Url("/dashboard/test?range=5"));

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "30 days" })).ToHaveAttributeAsync("aria-current", "page");
        var sessions = await TableAsync(tab.Page, "Sessions");
        Assert.Equal(30, await sessions.Locator("tbody tr").CountAsync());
        Assert.Equal(["0", "0"], await RowAsync(sessions, "Total"));
        Assert.Equal(["—"], await RowAsync(sessions, "Conversion"));
        Assert.Equal(5, await tab.Page.Locator("svg[role=img]").CountAsync());
        await ScreenshotAsync(tab, "home-empty");
        Assert.Empty(tab.Errors);
    }
}

public sealed class DashboardHomeTestsOnSqlite(BrowserFixture browser) : DashboardHomeTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardHomeTestsOnPostgres(BrowserFixture browser) : DashboardHomeTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
