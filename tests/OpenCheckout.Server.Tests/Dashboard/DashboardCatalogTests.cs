using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>The dashboard's catalog and customers in a real browser: products, prices, coupons and shipping rates made and
/// retired from plain forms are the API's own (the API lists them; a retired price or rate is refused to a new session at
/// once, as after the API's own change), invalid input changes nothing, the role table holds against forged posts, and
/// customers are found by email with their sessions. Screenshots go to artifacts/screenshots.</summary>
public abstract class DashboardCatalogTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    Task<HttpResponseMessage> CreateSessionAsync(HttpClient api, string priceId, string extra = "") => api.PostJsonAsync("/v1/checkout/sessions", $$"""
        {"success_url":"https://shop.example/success","cancel_url":"https://shop.example/cancel","mode":"payment",
         "line_items":[{"price_id":"{{priceId}}","quantity":2}]{{extra}}}
        """);

    [Fact]
    public async Task AnOwnerCreatesAProductAndA1250Price_TheApiSellsIt_AndRetiringThePriceStopsNewSessions()
    {
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Catalog" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/products");

        await tab.Page.GetByLabel("Name").FillAsync("Oolong");
        await tab.Page.GetByLabel("Description").FillAsync("Roasted, 100 g");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Created Oolong.");
        var productId = tab.Page.Url[(tab.Page.Url.LastIndexOf('/') + 1)..];

        await tab.Page.GetByLabel("Unit amount").FillAsync("12.50");
        Assert.Equal("usd", await tab.Page.GetByLabel("Currency").InputValueAsync());
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add price" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added a price of $12.50.");
        await ScreenshotAsync(tab, "product-detail");

        using var api = Merchant.Api();
        var product = Assert.Single(await api.ListAsync("/v1/products", "products"));
        Assert.Equal(productId, product.GetProperty("product_id").GetString());
        Assert.Equal("Oolong", product.GetProperty("name").GetString());
        Assert.Equal("Roasted, 100 g", product.GetProperty("description").GetString());
        var price = Assert.Single(await api.ListAsync($"/v1/prices?product={productId}", "prices"));
        Assert.Equal(1250, price.GetProperty("unit_amount").GetInt64());
        Assert.Equal("usd", price.GetProperty("currency").GetString());
        var priceId = price.GetProperty("price_id").GetString()!;

        // The API sells it (and now remembers it as an active price)...
        var sold = await CreateSessionAsync(api, priceId);
        Assert.Equal(HttpStatusCode.OK, sold.StatusCode);
        var session = (await sold.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(2500, session.GetProperty("amount_total").GetInt64());

        // ...until the dashboard retires it: the next session is refused at once, as after the API's own update.
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Retire the $12.50 price" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Retired the $12.50 price");
        await ApiAssert.ErrorAsync(await CreateSessionAsync(api, priceId), (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        Assert.False(Assert.Single(await api.ListAsync($"/v1/prices?product={productId}", "prices")).GetProperty("active").GetBoolean());

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Reactivate the $12.50 price" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("active again");
        Assert.Equal(HttpStatusCode.OK, (await CreateSessionAsync(api, priceId)).StatusCode);

        // A rename is what the next session snapshots.
        await tab.Page.Locator("form[action*='handler=edit']").GetByLabel("Name").FillAsync("Oolong, dark roast");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        var renamed = (await (await CreateSessionAsync(api, priceId)).ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Contains("Oolong, dark roast", renamed.GetProperty("line_items").GetRawText());

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Retire product" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Retired");
        Assert.False((await api.ListAsync("/v1/products", "products"))[0].GetProperty("active").GetBoolean());

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "← Products" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/products");
        await tab.Page.GetByLabel("Status").SelectOptionAsync("retired");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**status=retired**");
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "Oolong, dark roast" })).ToBeVisibleAsync();
        await ScreenshotAsync(tab, "products");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task InvalidInput_ShowsWhy_IsAnswered400_AndChangesNothing()
    {
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        await tab.Page.GotoAsync(Url("/dashboard/test/products"));
        await tab.Page.GetByLabel("Name").FillAsync("Mug");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/products/*");

        await tab.Page.GetByLabel("Unit amount").FillAsync("12.505");
        var refused = await tab.Page.RunAndWaitForResponseAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add price" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Unit amount has at most 2 decimals in USD.");
        Assert.Equal("12.505", await tab.Page.GetByLabel("Unit amount").InputValueAsync());
        using var api = Merchant.Api();
        Assert.Empty(await api.ListAsync("/v1/prices", "prices"));

        // The API's limit on a product's name (250), whatever the browser let through.
        var tooLong = await ForgedPostAsync(tab, "/dashboard/test/products?handler=create", new() { ["name"] = new string('x', 251) });
        Assert.Equal(400, tooLong.Status);
        Assert.Contains("Name must be at most 250 characters.", await tooLong.TextAsync());
        Assert.Single(await api.ListAsync("/v1/products", "products"));

        await tab.Page.GotoAsync(Url("/dashboard/test/coupons"));
        await tab.Page.GetByLabel("Percent off").FillAsync("120");
        await tab.Page.GetByLabel("A percentage off").CheckAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Percent off must be a number from 0.01 to 100");
        Assert.Empty(await api.ListAsync("/v1/coupons", "coupons"));
        // The refused forms' pages are answered 400, which Chromium notes on the console; nothing else failed.
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task CouponsAndShippingRates_MadeOnThePages_AreTheApisOwn_AndARetiredRateIsRefused()
    {
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url("/dashboard/test/coupons"));
        await tab.Page.GetByLabel("Name (optional)").FillAsync("Spring");
        await tab.Page.GetByLabel("Amount off", new() { Exact = true }).FillAsync("5");
        await tab.Page.GetByLabel("Maximum redemptions (optional)").FillAsync("10");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created coupon");
        App.Clock.Advance(TimeSpan.FromSeconds(1)); // ids sort by creation time
        await tab.Page.GetByLabel("A percentage off").CheckAsync();
        await tab.Page.GetByLabel("Percent off").FillAsync("12.5");
        await tab.Page.GetByLabel("Duration").SelectOptionAsync("repeating");
        await tab.Page.GetByLabel("Months (repeating only)").FillAsync("3");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created coupon");
        await Assertions.Expect(tab.Page.Locator("tbody tr")).ToHaveCountAsync(2);

        using var api = Merchant.Api();
        var coupons = await api.ListAsync("/v1/coupons", "coupons");
        Assert.Equal(12.5m, coupons[0].GetProperty("percent_off").GetDecimal());
        Assert.Equal("repeating", coupons[0].GetProperty("duration").GetString());
        Assert.Equal(3, coupons[0].GetProperty("duration_in_months").GetInt64());
        Assert.Equal("Spring", coupons[1].GetProperty("name").GetString());
        Assert.Equal(500, coupons[1].GetProperty("amount_off").GetInt64());
        Assert.Equal("usd", coupons[1].GetProperty("currency").GetString());
        Assert.Equal(10, coupons[1].GetProperty("max_redemptions").GetInt64());

        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Catalog" }).GetByRole(AriaRole.Link, new() { Name = "Shipping rates" }).ClickAsync();
        await tab.Page.GetByLabel("Display name").FillAsync("Standard");
        await tab.Page.GetByLabel("Amount", new() { Exact = true }).FillAsync("4.95");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create shipping rate" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Created Standard.");
        var rate = Assert.Single(await api.ListAsync("/v1/shipping_rates", "shipping_rates"));
        Assert.Equal(495, rate.GetProperty("amount").GetInt64());
        var rateId = rate.GetProperty("shipping_rate_id").GetString()!;
        var priceId = await Merchant.CreatePriceAsync();
        var shipping = $$""","shipping_options":[{"shipping_rate_id":"{{rateId}}"}]""";
        Assert.Equal(HttpStatusCode.OK, (await CreateSessionAsync(api, priceId, shipping)).StatusCode);

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Retire Standard" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Retired Standard");

        await ApiAssert.ErrorAsync(await CreateSessionAsync(api, priceId, shipping), (HttpStatusCode)422, "invalid_request_error", "shipping_rate_not_found");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ADeveloperChangesTheCatalogInTestModeOnly_AndAForgedLivePostCreatesNothing()
    {
        var livePrice = await Merchant.CreatePriceAsync(live: true);
        await using var tab = await SignedInAsync(DashboardRole.Developer);
        await tab.Page.GotoAsync(Url("/dashboard/test/products"));
        Assert.Equal(1, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).CountAsync());

        await tab.Page.GotoAsync(Url("/dashboard/live/products"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).CountAsync());
        await Assertions.Expect(tab.Page.GetByText("Your role may not change the catalog in live mode.")).ToBeVisibleAsync();
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "T-shirt" }).ClickAsync();
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button).Filter(new() { HasText = "Retire" }).CountAsync());
        var productPath = new Uri(tab.Page.Url).AbsolutePath;

        var forged = await ForgedPostAsync(tab, "/dashboard/live/products?handler=create", new() { ["name"] = "Forged", ["active"] = "true" });
        var forgedRetire = await ForgedPostAsync(tab, $"{productPath}?handler=retireprice", new() { ["priceId"] = livePrice });

        Assert.Equal(403, forged.Status);
        Assert.Equal(403, forgedRetire.Status);
        using var live = Merchant.Api(live: true);
        Assert.DoesNotContain(await live.ListAsync("/v1/products", "products"), p => p.GetProperty("name").GetString() == "Forged");
        Assert.True(Assert.Single(await live.ListAsync("/v1/prices", "prices")).GetProperty("active").GetBoolean());
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task PaymentLinks_AreListedWithTheSessionsTheyMade_AndDeactivatingOneClosesItsUrl()
    {
        using var api = Merchant.Api();
        var created = await (await api.PostJsonAsync("/v1/payment_links",
            $$"""{"label": "Tea for two", "line_items": [{"price": "{{await Merchant.CreatePriceAsync()}}", "quantity": 2}]}""")).ReadJsonAsync();
        var url = created.GetProperty("payment_link").GetProperty("url").GetString()!;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync(url)).StatusCode);
        await using var tab = await SignedInAsync(DashboardRole.Admin);

        await tab.Page.GotoAsync(Url("/dashboard/test/products"));
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Catalog" }).GetByRole(AriaRole.Link, new() { Name = "Payment links" }).ClickAsync();
        var row = tab.Page.Locator("tbody tr").Filter(new() { HasText = "Tea for two" });
        await Assertions.Expect(row).ToContainTextAsync(url);
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("1");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Deactivate Tea for two" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deactivated Tea for two");
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync(url)).StatusCode);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Reactivate Tea for two" }).ClickAsync();
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync(url)).StatusCode);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task APaymentLink_MadeFromTheForm_SellsItsPrices_AndABadQuantityIsRefusedWithTheApisMessage()
    {
        var price = await Merchant.CreatePriceAsync(1500, productName: "Green tea");
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url("/dashboard/test/payment-links"));

        await tab.Page.GetByLabel("Quantity").First.FillAsync("0");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("line_items[0].quantity");
        using var api = Merchant.Api();
        Assert.Empty(await api.ListAsync("/v1/payment_links", "payment_links"));

        await tab.Page.GetByLabel("Label (optional, for you)").FillAsync("Tea by email");
        await tab.Page.GetByLabel("Quantity").First.FillAsync("2");
        await tab.Page.GetByLabel("Message (optional)").FillAsync("Thanks! It ships tomorrow.");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created Tea by email");
        var link = Assert.Single(await api.ListAsync("/v1/payment_links", "payment_links"));
        Assert.Equal((price, 2), (link.GetProperty("line_items")[0].GetProperty("price_id").GetString(),
            link.GetProperty("line_items")[0].GetProperty("quantity").GetInt32()));
        Assert.Equal("Thanks! It ships tomorrow.", link.GetProperty("after_completion").GetProperty("hosted_confirmation").GetProperty("custom_message").GetString());
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync(link.GetProperty("url").GetString())).StatusCode);
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task PromoCodes_AreMadeForACoupon_RefusedWhenTheCodeIsTaken_AndDeactivated()
    {
        using var api = Merchant.Api();
        await api.PostJsonAsync("/v1/coupons", """{"coupon": {"name": "Spring", "percent_off": 15}}""");
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url("/dashboard/test/products"));
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Catalog" }).GetByRole(AriaRole.Link, new() { Name = "Promotion codes" }).ClickAsync();

        await tab.Page.GetByLabel("Code (letters and digits").FillAsync("SPRING15");
        await tab.Page.GetByLabel("Maximum redemptions").FillAsync("100");
        await tab.Page.GetByLabel("First-time customers only").CheckAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create code" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created code SPRING15");
        var row = tab.Page.Locator("tbody tr").Filter(new() { HasText = "SPRING15" });
        await Assertions.Expect(row).ToContainTextAsync("Spring: 15 % off");
        await Assertions.Expect(row).ToContainTextAsync("0 of 100");
        var promo = Assert.Single(await api.ListAsync("/v1/promo_codes", "promo_codes"));
        Assert.True(promo.GetProperty("restrictions").GetProperty("first_time_transaction").GetBoolean());

        await tab.Page.GetByLabel("Code (letters and digits").FillAsync("spring15");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create code" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already exists");
        Assert.Single(await api.ListAsync("/v1/promo_codes", "promo_codes"));

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Deactivate SPRING15" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deactivated code SPRING15");
        Assert.False(Assert.Single(await api.ListAsync("/v1/promo_codes", "promo_codes")).GetProperty("active").GetBoolean());
        // The refused form came back as a 400, which the browser's console reports; nothing else went wrong.
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task AViewerSeesNoCatalogForms_InEitherMode()
    {
        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        foreach (var path in new[] { "/dashboard/test/products", "/dashboard/test/coupons", "/dashboard/test/shipping-rates", "/dashboard/test/payment-links",
                     "/dashboard/test/promo-codes",
                     "/dashboard/live/products" })
        {
            await tab.Page.GotoAsync(Url(path));
            Assert.Equal(0, await tab.Page.Locator("form[method=post][action*=handler]").CountAsync());
        }
        var forged = await ForgedPostAsync(tab, "/dashboard/test/coupons?handler=create", new() { ["kind"] = "percent", ["percentOff"] = "10", ["duration"] = "once" });
        Assert.Equal(403, forged.Status);
        using var api = Merchant.Api();
        Assert.Empty(await api.ListAsync("/v1/coupons", "coupons"));
    }

    async Task<string> PaidSessionAsync(string email)
    {
        var session = (await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(1500))).GetProperty("id").GetString()!;
        using var api = Merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{session}/pay", $$"""{"email":"{{email}}"}""")).StatusCode);
        return session;
    }

    [Fact]
    public async Task Customers_AreFoundByEmail_AndLinkToTheirSessions()
    {
        var first = await PaidSessionAsync("ann@example.com");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await PaidSessionAsync("bob@example.com");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await PaidSessionAsync("ann@example.com");
        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/customers");
        await Assertions.Expect(tab.Page.Locator("tbody tr")).ToHaveCountAsync(2);

        await tab.Page.GetByLabel("Email").FillAsync("ann@example.com");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**email=ann%40example.com**");
        await Assertions.Expect(tab.Page.Locator("tbody tr")).ToHaveCountAsync(1);
        await ScreenshotAsync(tab, "customers");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "ann@example.com" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/customers/*");
        var links = tab.Page.Locator("tbody a");
        await Assertions.Expect(links).ToHaveCountAsync(2);
        Assert.Equal($"/dashboard/test/payments/{second}", await links.Nth(0).GetAttributeAsync("href"));
        Assert.Equal($"/dashboard/test/payments/{first}", await links.Nth(1).GetAttributeAsync("href"));
        await links.Nth(1).ClickAsync();
        await tab.Page.WaitForURLAsync($"**/dashboard/test/payments/{first}");
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("$15.00");
        Assert.Empty(tab.Errors);
    }
}

public sealed class DashboardCatalogTestsOnSqlite(BrowserFixture browser) : DashboardCatalogTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardCatalogTestsOnPostgres(BrowserFixture browser) : DashboardCatalogTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
