using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>A buyer pays on the hosted page of a session made with <c>setup_future_use</c>, in a real browser (Debian's
/// Chromium): the page says the card will be saved, and afterwards the merchant can charge it without the buyer.</summary>
public abstract class SavedCardBrowserTests(BrowserFixture browser, DatabaseProvider provider) : IClassFixture<BrowserFixture>, IAsyncLifetime
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

    [Fact]
    public async Task ThePageSaysTheCardIsSaved_AndTheMerchantCanChargeItLater()
    {
        using var api = _merchant.Api();
        var price = await _merchant.CreatePriceAsync(1200, productName: "Refill");
        var customer = (await (await api.PostJsonAsync("/v1/customers", """{"customer": {"email": "jo@example.com", "first_name": "Jo"}}""")).ReadJsonAsync())
            .GetProperty("customer").GetProperty("customer_id").GetString();
        var session = (await (await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "{{_shop.SuccessUrl}}", "line_items": [{"price": "{{price}}", "quantity": 1}],
             "customer": "{{customer}}", "setup_future_use": "off_session"}
            """)).ReadJsonAsync()).GetProperty("checkout_session");
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;
        await page.GotoAsync(session.GetProperty("url").GetString()!);

        await Expect(page.GetByText("Acme Shop will save this card to charge it for your future payments")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("jo@example.com");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Jo Doe");
        await page.GetByLabel("Card number", new() { Exact = true }).FillAsync("5555 5555 5555 4444");
        await page.GetByLabel("Expiration", new() { Exact = true }).FillAsync("11 / 31");
        await page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{_shop.BaseAddress}success?session_id={session.Id()}");

        var method = (await (await api.GetAsync($"/v1/customers/{customer}/payment_methods")).ReadJsonAsync()).GetProperty("payment_methods")[0];
        Assert.Equal(("mastercard", "4444", 11, 2031), (method.GetProperty("card").GetProperty("brand").GetString(),
            method.GetProperty("card").GetProperty("last4").GetString(), method.GetProperty("card").GetProperty("exp_month").GetInt32(),
            method.GetProperty("card").GetProperty("exp_year").GetInt32()));
        var charged = await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"mode": "off_session", "customer": "{{customer}}", "payment_method": "{{method.GetProperty("payment_method_id").GetString()}}",
             "success_url": "{{_shop.SuccessUrl}}", "line_items": [{"price": "{{price}}", "quantity": 1}]}
            """);
        Assert.Equal("complete", (await charged.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("status").GetString());
        Assert.Empty(tab.OffMachineRequests());
        Assert.True(tab.Errors.Count == 0, string.Join(Environment.NewLine, tab.Errors));
    }
}

public sealed class SavedCardBrowserTestsOnSqlite(BrowserFixture browser) : SavedCardBrowserTests(browser, DatabaseProvider.Sqlite);
public sealed class SavedCardBrowserTestsOnPostgres(BrowserFixture browser) : SavedCardBrowserTests(browser, DatabaseProvider.Postgres);
