using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>A payment link in a real browser (Debian's Chromium), as a buyer who got it in an email uses it.</summary>
public abstract class PaymentLinkBrowserTests(BrowserFixture browser, DatabaseProvider provider) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Acme Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheLink_OpensAPrefilledPage_AReloadKeepsIt_AndPayingShowsTheShopsMessage()
    {
        using var api = _merchant.Api();
        var price = await _merchant.CreatePriceAsync(1500, productName: "Tea");
        var created = await (await api.PostJsonAsync("/v1/payment_links", $$"""
            {"line_items": [{"price": "{{price}}", "quantity": 1}],
             "after_completion": {"type": "hosted_confirmation", "hosted_confirmation": {"custom_message": "Your tea ships tomorrow."} } }
            """)).ReadJsonAsync();
        var url = created.GetProperty("payment_link").GetProperty("url").GetString()!;
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(url + "?email=jo%40example.com&first_name=Jo&last_name=Doe");
        await Expect(page).ToHaveURLAsync(new Regex("/pay/c/fcs_"));
        var sessionUrl = page.Url;
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("jo@example.com");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Jo Doe");
        await page.GotoAsync(url + "?email=jo%40example.com&first_name=Jo&last_name=Doe");
        Assert.Equal(sessionUrl, page.Url);

        await page.GetByLabel("Card number", new() { Exact = true }).FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiration", new() { Exact = true }).FillAsync("12 / 34");
        await page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();

        await Expect(page.GetByText("Your tea ships tomorrow.")).ToBeVisibleAsync();
        Assert.Equal(sessionUrl, page.Url);
        var sessionId = sessionUrl[(sessionUrl.LastIndexOf('/') + 1)..];
        Assert.Equal("complete", (await _merchant.GetSessionAsync(sessionId)).GetProperty("status").GetString());
        Assert.Empty(tab.OffMachineRequests());
    }
}

public sealed class PaymentLinkBrowserTestsOnSqlite(BrowserFixture browser) : PaymentLinkBrowserTests(browser, DatabaseProvider.Sqlite);
public sealed class PaymentLinkBrowserTestsOnPostgres(BrowserFixture browser) : PaymentLinkBrowserTests(browser, DatabaseProvider.Postgres);
