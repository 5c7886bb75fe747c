using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OpenCheckout.Server.Tests.Pages;
using Stripe;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>The stand-in Stripe.js in Debian's Chromium: a shop page on its own origin mounts the payment element,
/// the card is typed into the fake's frame, and the number reaches the fake only.</summary>
public sealed class FakeStripeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    FakeStripe _fake = null!;
    WebApplication _shop = null!;
    readonly List<string> _shopPosts = [];

    public async Task InitializeAsync()
    {
        _fake = await FakeStripe.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _shop = builder.Build();
        _shop.MapGet("/", () => Results.Content(ShopPage(_fake.JsUrl, _fake.PublishableKey), "text/html; charset=utf-8"));
        _shop.MapPost("/pay", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            lock (_shopPosts) _shopPosts.Add(form["payment_method"].ToString());
            return Results.NoContent();
        });
        _shop.MapGet("/favicon.ico", () => Results.NoContent());
        await _shop.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _shop.StopAsync();
        await _shop.DisposeAsync();
        Assert.Empty(_fake.UnvalidatedRequests);
        await _fake.DisposeAsync();
    }

    string ShopOrigin => _shop.Urls.First().TrimEnd('/');

    [Fact]
    public async Task CardTypedInTheFrame_BecomesAPaymentMethod_AndNeverReachesTheShop()
    {
        await using var tab = await browser.OpenTabAsync();
        var toShop = RecordShopTraffic(tab);

        var pm = await PayAsync(tab.Page, "4242 4242 4242 4242");

        Assert.StartsWith("pm_", pm);
        Assert.Equal([pm], _shopPosts);
        Assert.DoesNotContain(toShop, r => r.Contains("4242424242424242") || r.Contains("4242 4242") || r.Contains("4242+4242"));
        var created = Assert.Single(_fake.Requests, r => r.Path == "/v1/payment_methods");
        Assert.Equal((StripeKeyKind.Publishable, "•••• 4242", "Jo Buyer"), (created.KeyKind, created["card[number]"], created["billing_details[name]"]));
        Assert.Empty(tab.Errors);
        Assert.Empty(tab.OffMachineRequests());
    }

    [Theory]
    [InlineData("Complete authentication", "succeeded")]
    [InlineData("Fail authentication", "error:payment_intent_authentication_failure")]
    public async Task HandleNextAction_RunsTheTestThreeDSecurePage(string button, string outcome)
    {
        await using var tab = await browser.OpenTabAsync();
        var pm = await PayAsync(tab.Page, "4000 0027 6000 3184");
        var intent = await new PaymentIntentService(new StripeClient(apiKey: _fake.SecretKey, apiBase: _fake.ApiBase)).CreateAsync(new()
        {
            Amount = 2099, Currency = "usd", PaymentMethod = pm, Confirm = true,
        });
        Assert.Equal("requires_action", intent.Status);

        var result = tab.Page.EvaluateAsync<string>("""
            secret => stripe.handleNextAction({ clientSecret: secret })
              .then(r => r.paymentIntent ? r.paymentIntent.status : 'error:' + r.error.code)
            """, intent.ClientSecret);
        await tab.Page.FrameLocator("iframe[title='3D Secure authentication']").GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();

        Assert.Equal(outcome, await result);
        Assert.Equal(0, await tab.Page.Locator("iframe[title='3D Secure authentication']").CountAsync());
        Assert.Empty(tab.Errors);
    }

    async Task<string> PayAsync(IPage page, string number)
    {
        await page.GotoAsync(ShopOrigin + "/");
        var card = page.FrameLocator("iframe[title='Secure payment input frame']");
        await card.GetByLabel("Card number").FillAsync(number);
        await card.GetByLabel("Expiration date").FillAsync("12 / 34");
        await card.GetByLabel("Security code").FillAsync("123");
        await Expect(page.Locator("#status")).ToHaveTextAsync("complete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await Expect(page.Locator("#pm")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^pm_"));
        return await page.Locator("#pm").TextContentAsync() ?? "";
    }

    /// <summary>Every request to the shop's origin, URL and body, as the browser sent it.</summary>
    List<string> RecordShopTraffic(BrowserTab tab)
    {
        var seen = new List<string>();
        tab.Page.Context.Request += (_, request) =>
        {
            if (request.Url.StartsWith(ShopOrigin, StringComparison.Ordinal))
                lock (seen) seen.Add(request.Url + " " + request.PostData);
        };
        return seen;
    }

    static string ShopPage(string jsUrl, string publishableKey) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Shop checkout</title><script src="{{jsUrl}}"></script></head>
        <body>
        <h1>Checkout</h1>
        <form id="checkout"><div id="payment-element"></div><button type="submit">Pay</button></form>
        <p id="status"></p>
        <p id="pm"></p>
        <script>
          window.stripe = Stripe('{{publishableKey}}');
          const elements = stripe.elements({ mode: 'payment', amount: 1999, currency: 'usd', captureMethod: 'automatic',
            setupFutureUsage: 'off_session', paymentMethodTypes: ['card'] });
          const payment = elements.create('payment', { layout: 'tabs' });
          payment.mount('#payment-element');
          payment.on('change', e => { document.getElementById('status').textContent = e.complete ? 'complete' : 'incomplete'; });
          document.getElementById('checkout').addEventListener('submit', async e => {
            e.preventDefault();
            await elements.update({ amount: 2099 });
            const submitted = await elements.submit();
            if (submitted.error) { document.getElementById('pm').textContent = 'error: ' + submitted.error.message; return; }
            const { paymentMethod, error } = await stripe.createPaymentMethod({
              elements, params: { billing_details: { name: 'Jo Buyer', email: 'jo@example.com' } } });
            if (error) { document.getElementById('pm').textContent = 'error: ' + error.message; return; }
            await fetch('/pay', { method: 'POST', body: new URLSearchParams({ payment_method: paymentMethod.id }) });
            document.getElementById('pm').textContent = paymentMethod.id;
          });
        </script>
        </body>
        </html>
        """;
}
