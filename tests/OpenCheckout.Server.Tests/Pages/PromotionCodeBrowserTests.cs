using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>A buyer types a promotion code on the hosted page in a real browser (Debian's Chromium), with and without JavaScript.</summary>
public abstract class PromotionCodeBrowserTests(BrowserFixture browser, DatabaseProvider provider) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    MerchantSite _shop = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _shop = await MerchantSite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AWrongCodeSaysSo_ARightOneShowsTheDiscountBeforePaying_AndPayingChargesTheDiscountedTotal(bool javaScript)
    {
        using var api = _merchant.Api();
        var price = await _merchant.CreatePriceAsync(2500, productName: "Shirt");
        var coupon = (await (await api.PostJsonAsync("/v1/coupons", """{"coupon": {"name": "Spring sale", "percent_off": 20}}""")).ReadJsonAsync())
            .GetProperty("coupon").GetProperty("coupon_id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/promo_codes", $$"""{"promo_code": {"coupon_id": "{{coupon}}", "code": "SPRING20"} }""")).StatusCode);
        var session = (await (await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "{{_shop.SuccessUrl}}", "line_items": [{"price": "{{price}}", "quantity": 2}],
             "allow_promotion_codes": true}
            """)).ReadJsonAsync()).GetProperty("checkout_session");
        await using var tab = await browser.OpenTabAsync(javaScript);
        var page = tab.Page;
        await page.GotoAsync(session.GetProperty("url").GetString()!);
        var code = page.GetByRole(AriaRole.Textbox, new() { Name = "Promotion code" });

        await code.FillAsync("SPRING2O");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This code isn't valid.");
        await Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") })).ToHaveTextAsync("Pay $50.00");

        await code.FillAsync("spring20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^Discount \\(SPRING20\\): Spring sale") }))
            .ToContainTextAsync("−$10.00");
        await Expect(page.GetByText("Code SPRING20 applied: your total is now $40.00.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") })).ToHaveTextAsync("Pay $40.00");

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("jo@example.com");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Jo Doe");
        await page.GetByLabel("Card number", new() { Exact = true }).FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiration", new() { Exact = true }).FillAsync("12 / 34");
        await page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{_shop.BaseAddress}success?session_id={session.Id()}");
        var paid = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("complete", paid.GetProperty("status").GetString());
        Assert.Equal(4000, paid.GetProperty("amount_total").GetInt64());
        Assert.Empty(tab.OffMachineRequests());
        Assert.True(tab.Errors.Count == 0, string.Join(Environment.NewLine, tab.Errors));
    }
}

public sealed class PromotionCodeBrowserTestsOnSqlite(BrowserFixture browser) : PromotionCodeBrowserTests(browser, DatabaseProvider.Sqlite);
public sealed class PromotionCodeBrowserTestsOnPostgres(BrowserFixture browser) : PromotionCodeBrowserTests(browser, DatabaseProvider.Postgres);
