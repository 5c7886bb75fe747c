using System.Net;

namespace Shop.Tests;

/// <summary>The product page, Buy, and the cancel page.</summary>
public sealed class StorefrontTests : IAsyncLifetime
{
    CheckoutServer _server = null!;
    ShopApp _shop = null!;

    public Task InitializeAsync()
    {
        _server = new CheckoutServer();
        _shop = new ShopApp(_server.BaseAddress, _server.TestKey, OpenCheckout.Webhooks.WebhookSignature.NewSecret());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ProductPage_ShowsProductPriceAndBuyButton()
    {
        using var http = _shop.Http();

        var page = await http.GetStringAsync("/");

        Assert.Contains("<h1>OpenCheckout T-shirt</h1>", page);
        Assert.Contains("<p class=\"price\">$20.00</p>", page);
        Assert.Contains("<form method=\"post\" action=\"/buy\"><button type=\"submit\">Buy</button></form>", page);
        Assert.Contains("4242 4242 4242 4242", page); // test key, so the test card is shown
    }

    [Fact]
    public async Task Buy_Redirects303ToHostedPage_OfSessionWithShopsSuccessAndCancelUrls()
    {
        var (sessionId, hostedPage) = await _shop.BuyAsync();

        using var client = _server.Client();
        var session = await client.CheckoutSessions.GetAsync(sessionId);
        Assert.Equal(session.Url, hostedPage.ToString());
        Assert.StartsWith(_server.BaseAddress.ToString(), session.Url);
        Assert.Equal($"{_shop.BaseAddress}success?session_id={{CHECKOUT_SESSION_ID}}", session.SuccessUrl);
        Assert.Equal($"{_shop.BaseAddress}cancel", session.CancelUrl);
        Assert.Equal("open", session.Status);
        Assert.Equal(2000, session.AmountTotal);
        Assert.Equal("usd", session.Currency);
    }

    [Fact]
    public async Task Buy_Again_AndFromANewShopProcess_SellsTheSamePrice()
    {
        var (first, _) = await _shop.BuyAsync();
        var (second, _) = await _shop.BuyAsync();
        await using var restarted = new ShopApp(_server.BaseAddress, _server.TestKey, OpenCheckout.Webhooks.WebhookSignature.NewSecret());
        var (third, _) = await restarted.BuyAsync();

        using var client = _server.Client();
        var prices = new List<string>();
        foreach (var id in (string[])[first, second, third])
            prices.Add((await client.CheckoutSessions.GetAsync(id)).LineItems.Single().Price.PriceId);
        Assert.Single(prices.Distinct());
        Assert.Single(await client.Products.ListAutoPagingAsync().ToListAsync());
    }

    [Fact]
    public async Task Buy_WhenOpenCheckoutIsUnreachable_Is502AndSaysNothingWasCharged()
    {
        await using var cutOff = new ShopApp(SuccessPageTests.ClosedPort(), _server.TestKey, OpenCheckout.Webhooks.WebhookSignature.NewSecret());
        using var http = cutOff.Http();

        using var response = await http.PostAsync("/buy", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Nothing was charged", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cancel_SaysThePaymentWasCancelled()
    {
        using var http = _shop.Http();

        using var response = await http.GetAsync("/cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your payment was cancelled. You can try again.", await response.Content.ReadAsStringAsync());
    }
}
