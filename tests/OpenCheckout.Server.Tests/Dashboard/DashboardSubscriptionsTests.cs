using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Subscriptions in the dashboard (issue 21): the list with its filters, a subscription's page with its invoices, and
/// the cancel actions — the API's own code, so the API shows the change and its event — with the role table held against
/// forged posts and another account's subscription not found. Subscriptions are started as a buyer would: a subscription-mode
/// session for a monthly price, paid.</summary>
public abstract class DashboardSubscriptionsTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    /// <summary>A subscription of <paramref name="email"/> to 2 × Coaching at $20.00 a month: its id, customer and first invoice.</summary>
    static async Task<(string Id, string Customer, string Invoice)> SubscribeAsync(TestMerchant merchant, string email)
    {
        using var api = merchant.Api();
        var product = (await BodyAsync(await api.PostJsonAsync("/v1/products", """{"name": "Coaching"}"""))).GetProperty("product").GetProperty("product_id").GetString();
        var price = (await BodyAsync(await api.PostJsonAsync("/v1/prices",
            $$"""{"product": "{{product}}", "unit_amount": 2000, "currency": "usd", "recurring": {"interval": "monthly"} }""")))
            .GetProperty("price").GetProperty("price_id").GetString();
        var session = (await BodyAsync(await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"mode": "subscription", "success_url": "https://shop.example/ok", "customer_email": "{{email}}",
             "line_items": [{"price": "{{price}}", "quantity": 2}] }
            """))).GetProperty("checkout_session");
        var paid = (await BodyAsync(await merchant.PayWithTestHelperAsync(session.Id()))).GetProperty("checkout_session");
        var subscription = await SubscriptionAsync(merchant, paid.GetProperty("subscription").GetString()!);
        return (subscription.GetProperty("subscription_id").GetString()!, subscription.GetProperty("customer").GetString()!,
            subscription.GetProperty("latest_invoice").GetString()!);
    }

    static async Task<JsonElement> SubscriptionAsync(TestMerchant merchant, string id)
    {
        using var api = merchant.Api();
        return (await BodyAsync(await api.GetAsync($"/v1/subscriptions/{id}"))).GetProperty("subscription");
    }

    static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    async Task<int> EventCountAsync(string type)
    {
        using var api = Merchant.Api();
        return (await api.ListAsync($"/v1/events?type={type}", "events")).Length;
    }

    [Fact]
    public async Task TheList_ShowsEachSubscription_FiltersByStatusAndCustomer_AndLeadsToItsInvoices()
    {
        var ann = await SubscribeAsync(Merchant, "ann@example.com");
        var bob = await SubscribeAsync(Merchant, "bob@example.com");
        using (var api = Merchant.Api()) Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/v1/subscriptions/{bob.Id}")).StatusCode);
        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        var rows = tab.Page.Locator("tbody tr");

        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Subscriptions" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/subscriptions");
        Assert.Equal(2, await rows.CountAsync());
        var annRow = rows.Filter(new() { HasText = ann.Id });
        await Assertions.Expect(annRow).ToContainTextAsync("ann@example.com");
        await Assertions.Expect(annRow).ToContainTextAsync("active");
        await Assertions.Expect(annRow).ToContainTextAsync("2 × Coaching");
        await Assertions.Expect(annRow).ToContainTextAsync("$40.00 every month");
        await Assertions.Expect(rows.Filter(new() { HasText = bob.Id })).ToContainTextAsync("canceled");
        await ScreenshotAsync(tab, "subscriptions");

        await tab.Page.GetByLabel("Status").SelectOptionAsync("canceled");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**status=canceled**");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync(bob.Id);

        await tab.Page.GotoAsync(Url("/dashboard/test/subscriptions?customer=ann%40example.com"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync(ann.Id);
        await tab.Page.GotoAsync(Url($"/dashboard/test/subscriptions?customer={bob.Customer}"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync(bob.Id);
        await tab.Page.GotoAsync(Url($"/dashboard/test/subscriptions?customer={bob.Customer}&status=active"));
        await Assertions.Expect(tab.Page.GetByText("No subscriptions match.")).ToBeVisibleAsync();

        await tab.Page.GotoAsync(Url("/dashboard/test/subscriptions"));
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = ann.Id }).ClickAsync();
        await tab.Page.WaitForURLAsync($"**/dashboard/test/subscriptions/{ann.Id}");
        var invoice = tab.Page.Locator(".table-wrap[aria-label=Invoices] tbody tr");
        await Assertions.Expect(invoice).ToHaveCountAsync(1);
        await Assertions.Expect(invoice).ToContainTextAsync(ann.Invoice);
        await Assertions.Expect(invoice).ToContainTextAsync("paid");
        await Assertions.Expect(invoice).ToContainTextAsync("$40.00");
        Assert.EndsWith($"/pay/i/{ann.Invoice}", await invoice.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        await Assertions.Expect(tab.Page.Locator(".facts")).ToContainTextAsync("•••• 4242");
        // A viewer reads; the forms are not shown.
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel now" }).CountAsync());

        // The customer's page lists their subscription.
        await tab.Page.Locator(".facts").GetByRole(AriaRole.Link, new() { Name = "ann@example.com" }).ClickAsync();
        await tab.Page.WaitForURLAsync($"**/dashboard/test/customers/{ann.Customer}");
        await Assertions.Expect(tab.Page.Locator(".table-wrap[aria-label=Subscriptions] tbody tr")).ToHaveCountAsync(1);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = ann.Id }).ClickAsync();
        await tab.Page.WaitForURLAsync($"**/dashboard/test/subscriptions/{ann.Id}");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task CancelAtPeriodEnd_Resume_AndCancelNow_AreTheApisChanges_WithTheirEvents()
    {
        var sub = await SubscribeAsync(Merchant, "ann@example.com");
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url($"/dashboard/test/subscriptions/{sub.Id}"));

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel at period end" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("cancel at the end of the current period");
        var scheduled = await SubscriptionAsync(Merchant, sub.Id);
        Assert.True(scheduled.GetProperty("cancel_at_period_end").GetBoolean());
        Assert.Equal(scheduled.GetProperty("current_period_end").GetInt64(), scheduled.GetProperty("cancel_at").GetInt64());
        Assert.Equal(1, await EventCountAsync("customer.subscription.updated"));
        await ScreenshotAsync(tab, "subscription-detail");

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Resumed");
        Assert.False((await SubscriptionAsync(Merchant, sub.Id)).GetProperty("cancel_at_period_end").GetBoolean());
        Assert.Equal(2, await EventCountAsync("customer.subscription.updated"));

        // Cancel now needs its box ticked: unticked, the browser holds the form, and a post without it changes nothing.
        var unconfirmed = await ForgedPostAsync(tab, $"/dashboard/test/subscriptions/{sub.Id}?handler=cancelNow", []);
        Assert.Equal(400, unconfirmed.Status);
        Assert.Contains("Tick", await unconfirmed.TextAsync());
        Assert.Equal("active", (await SubscriptionAsync(Merchant, sub.Id)).Status());

        await tab.Page.GetByLabel("Yes, cancel it now").CheckAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel now" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Canceled");
        var canceled = await SubscriptionAsync(Merchant, sub.Id);
        Assert.Equal("canceled", canceled.Status());
        Assert.NotEqual(JsonValueKind.Null, canceled.GetProperty("canceled_at").ValueKind);
        Assert.Equal(1, await EventCountAsync("customer.subscription.deleted"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel now" }).CountAsync());

        // The API's rule: a canceled subscription cannot be changed. Its message, a 400, and nothing recorded.
        var refused = await ForgedPostAsync(tab, $"/dashboard/test/subscriptions/{sub.Id}?handler=periodEnd", new() { ["cancelAtPeriodEnd"] = "true" });
        Assert.Equal(400, refused.Status);
        Assert.Contains("A canceled subscription cannot be changed.", await refused.TextAsync());
        Assert.Contains("role=\"alert\"", await refused.TextAsync());
        Assert.Equal(2, await EventCountAsync("customer.subscription.updated"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AViewersForgedCancel_Is403_AndChangesNothing()
    {
        var sub = await SubscribeAsync(Merchant, "ann@example.com");
        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        await tab.Page.GotoAsync(Url($"/dashboard/test/subscriptions/{sub.Id}"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel at period end" }).CountAsync());

        var periodEnd = await ForgedPostAsync(tab, $"/dashboard/test/subscriptions/{sub.Id}?handler=periodEnd", new() { ["cancelAtPeriodEnd"] = "true" });
        var now = await ForgedPostAsync(tab, $"/dashboard/test/subscriptions/{sub.Id}?handler=cancelNow", new() { ["confirm"] = "true" });

        Assert.Equal((403, 403), (periodEnd.Status, now.Status));
        var unchanged = await SubscriptionAsync(Merchant, sub.Id);
        Assert.Equal(("active", false), (unchanged.Status(), unchanged.GetProperty("cancel_at_period_end").GetBoolean()));
        Assert.Equal((0, 0), (await EventCountAsync("customer.subscription.updated"), await EventCountAsync("customer.subscription.deleted")));
    }

    [Fact]
    public async Task AnotherAccountsSubscription_IsNotFound_AndCannotBeCanceled()
    {
        var other = await App.CreateMerchantAsync("Other shop");
        var theirs = await SubscribeAsync(other, "zed@example.com");
        await using var tab = await SignedInAsync(DashboardRole.Owner);

        var forged = await ForgedPostAsync(tab, $"/dashboard/test/subscriptions/{theirs.Id}?handler=cancelNow", new() { ["confirm"] = "true" });
        var page = await tab.Page.GotoAsync(Url($"/dashboard/test/subscriptions/{theirs.Id}"));

        Assert.Equal(404, forged.Status);
        Assert.Equal(404, page!.Status);
        Assert.Equal("active", (await SubscriptionAsync(other, theirs.Id)).Status());
        // Nor is it in the list.
        await tab.Page.GotoAsync(Url("/dashboard/test/subscriptions"));
        await Assertions.Expect(tab.Page.GetByText("No subscriptions match.")).ToBeVisibleAsync();
    }
}

public sealed class DashboardSubscriptionsTestsOnSqlite(BrowserFixture browser) : DashboardSubscriptionsTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardSubscriptionsTestsOnPostgres(BrowserFixture browser) : DashboardSubscriptionsTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
