using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Tests.Pages;
using Shop.Webhooks;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests;

/// <summary>A buyer in a real browser (Debian's Chromium): the shop's Buy button, OpenCheckout's hosted page, and back to
/// the shop's confirmation. The shop runs as `dotnet run` would (Development, no webhook secret), so it has registered
/// its own webhook endpoint and the server's delivery races the browser's redirect.</summary>
public sealed class BrowserPurchaseTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    CheckoutServer _server = null!;
    ShopApp _shop = null!;

    public async Task InitializeAsync()
    {
        _server = new CheckoutServer();
        _shop = new ShopApp(_server.BaseAddress, _server.TestKey, webhookSecret: null, environment: "Development");
        await Wait.ForAsync(() => Task.FromResult(_shop.Services.GetRequiredService<WebhookSecret>().Value), "the shop's webhook registration");
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Buy_PayWithTestCard_ShowsConfirmationWithEmailAndAmount_AndExactlyOneOrder()
    {
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(_shop.BaseAddress.ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "OpenCheckout T-shirt" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(_server.BaseAddress.ToString())}pay/c/fcs_"));
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("buyer@example.com");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bo Buyer");
        await page.GetByLabel("Card number", new() { Exact = true }).FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiration", new() { Exact = true }).FillAsync("12 / 34");
        await page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay") }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(_shop.BaseAddress.ToString())}success\\?session_id=fcs_"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        var details = page.Locator("dl");
        await Expect(details).ToContainTextAsync("buyer@example.com");
        await Expect(details).ToContainTextAsync("$20.00");
        var sessionId = new Uri(page.Url).Query["?session_id=".Length..];

        // Whichever came second of the redirect and the server's delivery found the order already there.
        using var client = _server.Client();
        var endpoint = (await client.Webhooks.ListAsync()).Data.Single();
        await Wait.ForAsync(async () => (await client.Webhooks.ListDeliveriesAsync(endpoint.WebhookId)).Data.FirstOrDefault(a => a.Succeeded),
            "the server's delivery to the shop to succeed");

        await page.ReloadAsync();
        await Expect(page.GetByText("This order was already processed")).ToBeVisibleAsync();
        await Expect(details).ToContainTextAsync("buyer@example.com");
        Assert.Equal(1, await _shop.CountOrdersAsync(sessionId));
        Assert.Empty(tab.OffMachineRequests());
        Assert.True(tab.Errors.Count == 0, string.Join(Environment.NewLine, tab.Errors));
    }

    [Fact]
    public async Task Buy_ThenCancelOnHostedPage_ReturnsToShopsCancelPage_WithoutAnOrder()
    {
        await using var tab = await browser.OpenTabAsync();
        var page = tab.Page;

        await page.GotoAsync(_shop.BaseAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(_server.BaseAddress.ToString())}pay/c/fcs_"));
        var sessionId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{_shop.BaseAddress}cancel");
        await Expect(page.GetByText("Your payment was cancelled. You can try again.")).ToBeVisibleAsync();
        Assert.Equal(0, await _shop.CountOrdersAsync(sessionId));
        Assert.Empty(tab.OffMachineRequests());
    }
}
