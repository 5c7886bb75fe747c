using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Processors;
using OpenCheckout.Server.Tests.Pages;
using OpenCheckout.Server.Tests.Processors.FakeStripe;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Settings → Live payments in Chromium, against the local fake of Stripe: an owner connects the account (live sessions
/// are then made), checks the key and disconnects; the secret key is never on a page again; a malformed key is refused with
/// the reason and changes nothing; an admin's forged connect is a 403.</summary>
public abstract class DashboardProcessorTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider, new Dictionary<string, string?> { ["OpenCheckout:Processors:Stripe:ApiBase"] = SharedStripe.Fake.ApiBase })
{
    static FakeStripe Stripe => SharedStripe.Fake;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcessorSettings>().RemoveAsync(Merchant.AccountId, CancellationToken.None);
    }

    async Task<HttpStatusCode> CreateLiveSessionAsync()
    {
        using var live = Merchant.Api(live: true);
        var price = await Merchant.CreatePriceAsync(live: true);
        return (await live.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"https://shop.example/ok","cancel_url":"https://shop.example/no","line_items":[{"price_id":"{{price}}","quantity":1}]}
            """))).StatusCode;
    }

    [Fact]
    public async Task AnOwnerConnectsStripe_ChecksIt_AndDisconnects_AndTheSecretKeyIsNeverShownAgain()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await CreateLiveSessionAsync());
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        await tab.Page.GotoAsync(Url("/dashboard/live/settings"));
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Settings" }).GetByRole(AriaRole.Link, new() { Name = "Live payments" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/live/settings/processor");

        await tab.Page.GetByLabel("Secret key").FillAsync(Stripe.SecretKey);
        await tab.Page.GetByLabel("Publishable key").FillAsync(Stripe.PublishableKey);
        await tab.Page.GetByLabel("Webhook signing secret (optional)").FillAsync(Stripe.WebhookSecret);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Connect Stripe" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Connected to Stripe (secret key …{Stripe.SecretKey[^4..]})");
        var html = await tab.Page.ContentAsync();
        Assert.DoesNotContain(Stripe.SecretKey, html);
        Assert.DoesNotContain(Stripe.WebhookSecret, html);
        Assert.Contains(Stripe.PublishableKey, html);
        // The address the operator gives Stripe's webhook endpoint.
        await Assertions.Expect(tab.Page.GetByText("/processors/stripe/webhooks/facct_")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, await CreateLiveSessionAsync());

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Check the connection" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stripe answered");
        Assert.Contains(Stripe.Requests, r => r.Path == "/v1/balance" && r.Status == 200);

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Disconnected");
        Assert.Equal(HttpStatusCode.BadRequest, await CreateLiveSessionAsync());
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task AMalformedKey_IsRefusedWithTheReason_AndAnAdminsForgedConnectIs403_ChangingNothing()
    {
        await using var owner = await SignedInAsync(DashboardRole.Owner);
        await owner.Page.GotoAsync(Url("/dashboard/live/settings/processor"));
        var refused = await ForgedPostAsync(owner, "/dashboard/live/settings/processor?handler=connect",
            new() { ["secretKey"] = Stripe.SecretKey, ["publishableKey"] = "sk_not_publishable", ["webhookSecret"] = "" });
        Assert.Equal(400, refused.Status);
        Assert.Contains("The publishable key must start with pk_.", WebUtility.HtmlDecode(await refused.TextAsync()));

        await using var admin = await SignedInAsync(DashboardRole.Admin);
        await admin.Page.GotoAsync(Url("/dashboard/live/settings/processor"));
        Assert.Equal(0, await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Connect Stripe" }).CountAsync());
        var forged = await ForgedPostAsync(admin, "/dashboard/live/settings/processor?handler=connect",
            new() { ["secretKey"] = Stripe.SecretKey, ["publishableKey"] = Stripe.PublishableKey, ["webhookSecret"] = "" });
        Assert.Equal(403, forged.Status);

        Assert.Equal(HttpStatusCode.BadRequest, await CreateLiveSessionAsync());
    }
}

/// <summary>One fake of Stripe for the dashboard's tests, started before their servers (whose settings name its address).</summary>
static class SharedStripe
{
    static readonly Lazy<FakeStripe> Started = new(() => FakeStripe.StartAsync().GetAwaiter().GetResult());

    public static FakeStripe Fake => Started.Value;
}

public sealed class DashboardProcessorTestsOnSqlite(BrowserFixture browser) : DashboardProcessorTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardProcessorTestsOnPostgres(BrowserFixture browser) : DashboardProcessorTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
