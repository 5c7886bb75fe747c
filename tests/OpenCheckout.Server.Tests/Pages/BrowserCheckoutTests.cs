using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>The hosted checkout page in a real browser (Debian's Chromium), as a buyer uses it: find fields by
/// their labels, press Pay, end up on the merchant's page.</summary>
public abstract class BrowserCheckoutTests(BrowserFixture browser, DatabaseProvider provider) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    MerchantSite _shop = null!;
    TestMerchant _merchant = null!;

    public async Task InitializeAsync()
    {
        _shop = await MerchantSite.StartAsync();
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Pay_WithSucceedingCard_LandsOnSuccessUrlAndCompletesSession()
    {
        var (id, redirectUrl) = await CreateSessionAsync();
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(redirectUrl);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pay Acme Shop" })).ToBeVisibleAsync();
        await FillAsync(page, "4242 4242 4242 4242", email: "jo@example.com", name: "Jo Doe");
        await PayButton(page).ClickAsync();

        await ExpectSuccessPageAsync(page, id);
        var session = await _merchant.GetSessionAsync(id);
        Assert.Equal("complete", session.GetProperty("status").GetString());
        Assert.Equal("paid", session.GetProperty("payment_status").GetString());
        Assert.Equal("jo@example.com", session.GetProperty("customer_details").GetProperty("email").GetString());
        Assert.Equal("Jo Doe", session.GetProperty("customer_details").GetProperty("name").GetString());
        Assert.Empty(tab.OffMachineRequests());
    }

    [Fact]
    public async Task Pay_WithDeclinedCard_ShowsAlertKeepsSessionOpen_ThenRetryWithGoodCardSucceeds()
    {
        var (id, redirectUrl) = await CreateSessionAsync();
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(redirectUrl);
        await FillAsync(page, "4000 0000 0000 0002", email: "jo@example.com", name: "Jo Doe");
        await PayButton(page).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your card was declined.");
        Assert.Equal(redirectUrl, page.Url);
        Assert.Equal("open", (await _merchant.GetSessionAsync(id)).GetProperty("status").GetString());
        // The buyer's details survive the decline; the CVC never comes back.
        await Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync("jo@example.com");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Jo Doe");
        await Expect(page.GetByLabel("CVC", new() { Exact = true })).ToHaveValueAsync("");

        await FillAsync(page, "4242 4242 4242 4242", email: "jo@example.com", name: "Jo Doe");
        await PayButton(page).ClickAsync();

        await ExpectSuccessPageAsync(page, id);
        Assert.Equal("complete", (await _merchant.GetSessionAsync(id)).GetProperty("status").GetString());
        Assert.Empty(tab.OffMachineRequests());
    }

    [Fact]
    public async Task Pay_WithJavaScriptDisabled_StillCompletes()
    {
        var (id, redirectUrl) = await CreateSessionAsync();
        await using var tab = await browser.OpenTabAsync(javaScriptEnabled: false);
        var page = tab.Page;

        await page.GotoAsync(redirectUrl);
        await FillAsync(page, "4242424242424242", email: "nojs@example.com", name: "No Script");
        // Proof that no script ran: checkout.js would have grouped the digits.
        await Expect(page.GetByLabel("Card number", new() { Exact = true })).ToHaveValueAsync("4242424242424242");
        await PayButton(page).ClickAsync();

        await ExpectSuccessPageAsync(page, id);
        var session = await _merchant.GetSessionAsync(id);
        Assert.Equal("complete", session.GetProperty("status").GetString());
        Assert.Equal("nojs@example.com", session.GetProperty("customer_details").GetProperty("email").GetString());
        Assert.Empty(tab.OffMachineRequests());
    }

    [Fact]
    public async Task Page_LoadsOwnAssetsWithoutConsoleErrorsOrCspViolations_AndCancelGoesToCancelUrl()
    {
        var (id, redirectUrl) = await CreateSessionAsync();
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(redirectUrl, new() { WaitUntil = WaitUntilState.NetworkIdle });

        // The stylesheet applied and the script ran, both under the page's CSP.
        await Expect(PayButton(page)).ToHaveCSSAsync("background-color", "rgb(59, 91, 219)");
        await page.GetByLabel("Card number", new() { Exact = true }).PressSequentiallyAsync("4242424242424242");
        await Expect(page.GetByLabel("Card number", new() { Exact = true })).ToHaveValueAsync("4242 4242 4242 4242");
        var assets = tab.Requests.Where(url => url != redirectUrl).Select(url => new Uri(url).AbsolutePath).Distinct().Order();
        Assert.Equal(new[] { "/pay/checkout.css", "/pay/checkout.js" }, assets);
        if (Environment.GetEnvironmentVariable("OPENCHECKOUT_SCREENSHOT") is { Length: > 0 } screenshot)
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(tab.Errors.Count == 0, string.Join(Environment.NewLine, tab.Errors));

        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{_shop.BaseAddress}cancel");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout cancelled" })).ToBeVisibleAsync();
        Assert.Equal("open", (await _merchant.GetSessionAsync(id)).GetProperty("status").GetString());
        Assert.Empty(tab.OffMachineRequests());
    }

    [Fact]
    public async Task Pay_ChoosingExpressShippingAndEnteringAnAddress_ShowsTheNewTotalThenChargesIt()
    {
        var (id, redirectUrl) = await CreateSessionAsync(new
        {
            success_url = _shop.SuccessUrl,
            cancel_url = _shop.CancelUrl,
            line_items = new[] { new { price = await _merchant.CreatePriceAsync(2000), quantity = 1 } },
            shipping_options = new object[]
            {
                new { shipping_rate_data = new { display_name = "Standard", amount = 500 } },
                new { shipping_rate_data = new { display_name = "Express", amount = 1500 } },
            },
            shipping_address_collection = true,
            tax_rate = new { amount = 160 },
        });
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(redirectUrl);
        await Expect(PayButton(page)).ToHaveTextAsync("Pay $26.60");
        // Picking Express reloads the page (checkout.js) with the new total before anything is paid.
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Express") }).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your total is $36.60");
        await Expect(PayButton(page)).ToHaveTextAsync("Pay $36.60");
        await Expect(page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Express") })).ToBeCheckedAsync();

        await FillAsync(page, "4242 4242 4242 4242", email: "jo@example.com", name: "Jo Doe");
        await page.GetByLabel("Address line 1", new() { Exact = true }).FillAsync("1 Main St");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Springfield");
        await page.GetByLabel("Postal code", new() { Exact = true }).FillAsync("62701");
        await page.GetByLabel("Country", new() { Exact = true }).FillAsync("US");
        await PayButton(page).ClickAsync();

        await ExpectSuccessPageAsync(page, id);
        var session = await _merchant.GetSessionAsync(id);
        Assert.Equal(3660, session.GetProperty("amount_total").GetInt64());
        Assert.Equal("Springfield", session.GetProperty("shipping_details").GetProperty("address").GetProperty("city").GetString());
        Assert.Equal(3660, Assert.Single(await _merchant.PaymentIntentsOfAsync(id)).GetProperty("amount_received").GetInt64());
        Assert.True(tab.Errors.Count == 0, string.Join(Environment.NewLine, tab.Errors));
        Assert.Empty(tab.OffMachineRequests());
    }

    async Task<(string Id, string RedirectUrl)> CreateSessionAsync() => await CreateSessionAsync(new
    {
        success_url = _shop.SuccessUrl,
        cancel_url = _shop.CancelUrl,
        mode = "payment",
        line_items = new[] { new { price_id = await _merchant.CreatePriceAsync(2000), quantity = 1 } },
    });

    async Task<(string Id, string RedirectUrl)> CreateSessionAsync(object body)
    {
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body(JsonSerializer.Serialize(body)));
        response.EnsureSuccessStatusCode();
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        return (session.GetProperty("id").GetString()!, session.GetProperty("redirect_url").GetString()!);
    }

    static async Task FillAsync(IPage page, string cardNumber, string email, string name)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Card number", new() { Exact = true }).FillAsync(cardNumber);
        await page.GetByLabel("Expiration", new() { Exact = true }).FillAsync("12 / 34");
        await page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
    }

    static ILocator PayButton(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") });

    async Task ExpectSuccessPageAsync(IPage page, string sessionId)
    {
        Assert.StartsWith("fcs_", sessionId);
        await Expect(page).ToHaveURLAsync($"{_shop.BaseAddress}success?session_id={sessionId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thanks for your order" })).ToBeVisibleAsync();
        Assert.Contains($"session_id={sessionId}", page.Url);
    }
}

public sealed class BrowserCheckoutTestsOnSqlite(BrowserFixture browser) : BrowserCheckoutTests(browser, DatabaseProvider.Sqlite);
public sealed class BrowserCheckoutTestsOnPostgres(BrowserFixture browser) : BrowserCheckoutTests(browser, DatabaseProvider.Postgres);
