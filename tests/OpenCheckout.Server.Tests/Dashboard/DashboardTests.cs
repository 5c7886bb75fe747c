using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>The dashboard in a real browser (issue 19): sign-in and lockout, the mode switch, finding a paid session by
/// email and refunding part of it, expiring an open one — each action the API's own (same rules, same events) — and the
/// role table enforced on the server, whatever the page showed. Screenshots go to artifacts/screenshots.</summary>
public abstract class DashboardTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    /// <summary>Signed in, then to Payments by the nav link.</summary>
    async Task<BrowserTab> OnPaymentsAsync(string role)
    {
        var tab = await SignedInAsync(role);
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Payments" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/payments");
        return tab;
    }

    async Task<string> PaidSessionAsync(string email, long unitAmount = 2000, long quantity = 2)
    {
        var session = (await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(unitAmount), quantity: quantity)).GetProperty("id").GetString()!;
        using var api = Merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{session}/pay", $$"""{"email":"{{email}}"}""")).StatusCode);
        return session;
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheUser_EvenAgainstTheRightOne_UntilTheLockEnds()
    {
        await using var tab = await OpenTabAsync();
        await tab.Page.GotoAsync(Url("/dashboard/sign-in"));
        async Task<IResponse> TryAsync(string password)
        {
            await tab.Page.GetByLabel("Email").FillAsync(EmailOf(DashboardRole.Viewer));
            await tab.Page.GetByLabel("Password").FillAsync(password);
            return (await tab.Page.RunAndWaitForResponseAsync(
                () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST"))!;
        }

        for (var i = 0; i < DashboardUsers.MaxFailedSignIns; i++) Assert.Equal(401, (await TryAsync("wrong password " + i)).Status);
        Assert.Equal(429, (await TryAsync(Password)).Status);
        Assert.Contains("locked for 15 more minutes", await tab.Page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await ScreenshotAsync(tab, "sign-in-locked");

        App.Clock.Advance(DashboardUsers.LockoutPeriod);
        Assert.Equal(302, (await TryAsync(Password)).Status);
        await tab.Page.WaitForURLAsync("**/dashboard/test");
    }

    [Fact]
    public async Task OwnerFindsAPaidSessionByEmail_RefundsPartOfIt_AndTheApiShowsTheSameRefund()
    {
        await PaidSessionAsync("someone-else@example.com");
        var session = await PaidSessionAsync("ann@example.com");
        await using var tab = await OnPaymentsAsync(DashboardRole.Owner);
        Assert.Equal(2, await tab.Page.Locator("tbody tr").CountAsync());

        await tab.Page.GetByLabel("Email").FillAsync("ann@example.com");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**email=ann%40example.com**");
        Assert.Equal(1, await tab.Page.Locator("tbody tr").CountAsync());
        await ScreenshotAsync(tab, "payments");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "$40.00" }).ClickAsync();
        await tab.Page.WaitForURLAsync($"**/dashboard/test/payments/{session}");

        await tab.Page.GetByLabel("Amount (USD").FillAsync("12.50");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Refunded $12.50.");
        await Assertions.Expect(tab.Page.Locator(".timeline")).ToContainTextAsync("refund.created");
        await ScreenshotAsync(tab, "payment-detail");

        var refunded = await Merchant.GetSessionAsync(session);
        Assert.Equal(1250, refunded.GetProperty("amount_refunded").GetInt64());
        using var api = Merchant.Api();
        var refund = Assert.Single(await api.ListAsync($"/v1/refunds?checkout_session={session}", "refunds"));
        Assert.Equal(1250, refund.GetProperty("amount").GetInt64());
        Assert.Single(await api.ListAsync("/v1/events?type=refund.created", "events"));

        // The API's rules: more than remains is refused, with the API's message, and nothing changes.
        await tab.Page.GetByLabel("Amount (USD").FillAsync("30.00");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("remains to be refunded (2750)");
        Assert.Equal(1250, (await Merchant.GetSessionAsync(session)).GetProperty("amount_refunded").GetInt64());
        // The refused refund's page is answered 400, which Chromium notes on the console; nothing else failed.
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task ExpiringAnOpenSession_ExpiresItAsTheApiWould()
    {
        var session = (await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync())).GetProperty("id").GetString()!;
        await using var tab = await SignedInAsync(DashboardRole.Developer);
        await tab.Page.GotoAsync(Url($"/dashboard/test/payments/{session}"));

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Expire this session" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Expired.");
        Assert.Equal("expired", (await Merchant.GetSessionAsync(session)).GetProperty("status").GetString());
        using var api = Merchant.Api();
        Assert.Single(await api.ListAsync("/v1/events?type=checkout.session.expired", "events"));
    }

    [Fact]
    public async Task ReleasingAnAuthorization_CancelsThePaymentIntent_AsTheApiWould()
    {
        using var api = Merchant.Api();
        var session = (await (await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "https://shop.example/ok", "capture_method": "manual", "line_items": [{"price": "{{await Merchant.CreatePriceAsync(3000)}}", "quantity": 1}]}
            """)).ReadJsonAsync()).GetProperty("checkout_session").Id();
        Assert.Equal(HttpStatusCode.OK, (await Merchant.PayWithTestHelperAsync(session)).StatusCode);
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url($"/dashboard/test/payments/{session}"));

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Release the authorization" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Released the authorization");
        var intent = (await Merchant.GetSessionAsync(session)).GetProperty("payment_intent").GetString();
        Assert.Equal("canceled", (await (await api.GetAsync($"/v1/payment_intents/{intent}")).ReadJsonAsync()).GetProperty("payment_intent").GetProperty("status").GetString());
        Assert.Single(await api.ListAsync("/v1/events?type=payment_intent.canceled", "events"));
    }

    [Fact]
    public async Task ADisputesEvidence_IsSavedThenSubmitted_AndAnotherDisputeIsAccepted()
    {
        async Task<string> DisputedAsync()
        {
            var id = (await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(4000))).GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await Merchant.PayWithTestHelperAsync(id, "4000000000000259")).StatusCode);
            return id;
        }
        var fought = await DisputedAsync();
        var accepted = await DisputedAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await App.OpenDueDisputesAsync();
        using var api = Merchant.Api();
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url($"/dashboard/test/payments/{fought}"));

        await tab.Page.GetByLabel("Your explanation").FillAsync("Delivered and signed for. winning_evidence");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save evidence" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved the evidence");
        await Assertions.Expect(tab.Page.GetByLabel("Your explanation")).ToHaveValueAsync("Delivered and signed for. winning_evidence");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Submit evidence" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("under review");

        var disputes = await api.ListAsync($"/v1/disputes?checkout_session={fought}", "disputes");
        Assert.Equal("under_review", Assert.Single(disputes).GetProperty("status").GetString());
        Assert.Equal("Delivered and signed for. winning_evidence", disputes[0].GetProperty("evidence").GetProperty("uncategorized_text").GetString());

        await tab.Page.GotoAsync(Url($"/dashboard/test/payments/{accepted}"));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Accept the dispute (lose it)" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("closed as lost");
        Assert.Equal("lost", Assert.Single(await api.ListAsync($"/v1/disputes?checkout_session={accepted}", "disputes")).GetProperty("status").GetString());
        Assert.Single(await api.ListAsync("/v1/events?type=charge.dispute.closed", "events"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task TheModeSwitch_ShowsEachModesOwnData_AndMarksTestMode()
    {
        await PaidSessionAsync("ann@example.com");
        await using var tab = await OnPaymentsAsync(DashboardRole.Owner);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Note)).ToContainTextAsync("Test mode");
        Assert.Equal(1, await tab.Page.Locator("tbody tr").CountAsync());
        await tab.Page.Locator("tbody a").First.ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/payments/fcs_*");

        // The session is test mode's only, so the switch leads to live mode's list.
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Live", Exact = true }).ClickAsync();

        await tab.Page.WaitForURLAsync("**/dashboard/live/payments");
        await Assertions.Expect(tab.Page.GetByText("No checkout sessions match.")).ToBeVisibleAsync();
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Note).CountAsync());
        await ScreenshotAsync(tab, "live-mode");
    }

    [Fact]
    public async Task PagesOf25_FollowTheCursor_AndTheCsvIsTheFilteredList_WithFormulasDefused()
    {
        var priceId = await Merchant.CreatePriceAsync(1000);
        using var api = Merchant.Api();
        for (var i = 0; i < 26; i++)
        {
            var reference = i == 0 ? "=HYPERLINK(\"http://evil.example\")" : $"order-{i}";
            Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/checkout/sessions", $$"""
                {"line_items":[{"price":"{{priceId}}","quantity":1}],"success_url":"https://shop.example/ok","client_reference_id":{{System.Text.Json.JsonSerializer.Serialize(reference)}}}
                """)).StatusCode);
        }
        await using var tab = await OnPaymentsAsync(DashboardRole.Viewer);

        var firstPage = await tab.Page.Locator("tbody a").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**after=fcs_**");
        var secondPage = await tab.Page.Locator("tbody a").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        Assert.Equal(25, firstPage.Length);
        Assert.Single(secondPage);
        Assert.Equal(26, firstPage.Concat(secondPage).Distinct().Count());

        var csv = await tab.Page.Context.APIRequest.GetAsync(Url("/dashboard/test/payments?status=open&handler=csv"));
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(27, lines.Length); // a header and 26 sessions
        Assert.Single(lines, l => l.EndsWith(",\"'=HYPERLINK(\"\"http://evil.example\"\")\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AViewerSeesNoRefundForm_AndTheServerRefusesTheForgedPost()
    {
        var session = await PaidSessionAsync("ann@example.com");
        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        await tab.Page.GotoAsync(Url($"/dashboard/test/payments/{session}"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).CountAsync());

        var forged = await ForgedPostAsync(tab, $"/dashboard/test/payments/{session}?handler=refund", new() { ["amount"] = "5.00" });

        Assert.Equal(403, forged.Status);
        Assert.Equal(0, (await Merchant.GetSessionAsync(session)).GetProperty("amount_refunded").GetInt64());
    }

    [Fact]
    public async Task ADeveloperRefundsInTestMode_ButNotInLiveMode()
    {
        var live = (await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(live: true), live: true)).GetProperty("id").GetString()!;
        await using var tab = await SignedInAsync(DashboardRole.Developer);
        await tab.Page.GotoAsync(Url($"/dashboard/live/payments/{live}"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Expire this session" }).CountAsync());

        var forged = await ForgedPostAsync(tab, $"/dashboard/live/payments/{live}?handler=expire", []);

        Assert.Equal(403, forged.Status);
        Assert.Equal("open", (await Merchant.GetSessionAsync(live, live: true)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherAccountsSession_IsNotFound()
    {
        var other = await App.CreateMerchantAsync("Other shop");
        var theirs = (await other.CreateSessionAsync(await other.CreatePriceAsync())).GetProperty("id").GetString()!;
        await using var tab = await SignedInAsync(DashboardRole.Owner);

        var forged = await ForgedPostAsync(tab, $"/dashboard/test/payments/{theirs}?handler=expire", []);
        var response = await tab.Page.GotoAsync(Url($"/dashboard/test/payments/{theirs}"));

        Assert.Equal(404, forged.Status);
        Assert.Equal(404, response!.Status);
        Assert.Equal("open", (await other.GetSessionAsync(theirs)).GetProperty("status").GetString());
    }
}

public sealed class DashboardTestsOnSqlite(BrowserFixture browser) : DashboardTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardTestsOnPostgres(BrowserFixture browser) : DashboardTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
