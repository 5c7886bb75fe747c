using System.Net;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>The redirect guide end to end over HTTP: create, open the hosted page, pay, follow the 303, fetch the session.</summary>
public abstract class CheckoutFlowTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Acme Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GuideFlow_FlatBodyWithPriceId_RedirectsWithIdAndSessionIsComplete()
    {
        var priceId = await _merchant.CreatePriceAsync(2000);
        var session = await _merchant.CreateSessionAsync(priceId);
        var id = session.GetProperty("id").GetString()!;
        Assert.StartsWith("fcs_", id);
        Assert.Equal("open", session.GetProperty("status").GetString());
        Assert.Equal($"{_app.BaseAddress.ToString().TrimEnd('/')}/pay/c/{id}", session.GetProperty("redirect_url").GetString());

        using var page = new HostedPageClient(_app.BaseAddress);
        var html = await (await page.GetAsync(id)).Content.ReadAsStringAsync();
        Assert.Contains("Acme Shop", html);
        Assert.Contains("$20.00", html);

        var paid = await page.SubmitAsync(id, HostedPageClient.TokenOf(html), email: "jo@example.com", name: "Jo Doe");
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"https://shop.example/success?session_id={id}", paid.Headers.Location!.ToString());

        var fetched = await _merchant.GetSessionAsync(id);
        Assert.Equal("complete", fetched.GetProperty("status").GetString());
        Assert.Equal("paid", fetched.GetProperty("payment_status").GetString());
        Assert.Equal("jo@example.com", fetched.GetProperty("customer_details").GetProperty("email").GetString());
        Assert.Equal("Jo Doe", fetched.GetProperty("customer_details").GetProperty("name").GetString());
        Assert.Equal(2000, fetched.GetProperty("amount_total").GetInt64());
        Assert.Equal("usd", fetched.GetProperty("currency").GetString());
        Assert.StartsWith("fpi_", fetched.GetProperty("payment_intent").GetString());
        Assert.StartsWith("fcus_", fetched.GetProperty("customer").GetString());
    }

    [Fact]
    public async Task FlexFlow_WrappedBodyWithPrice_RedirectsWithIdAndSessionIsComplete()
    {
        var priceId = await _merchant.CreatePriceAsync(1234);
        using var api = _merchant.Api();
        var created = await api.PostAsync("/v1/checkout/sessions", Json.Body($$$"""
            {"checkout_session": {"success_url": "https://shop.example/done/%7BCHECKOUT_SESSION_ID%7D",
              "cancel_url": "https://shop.example/cancel", "mode": "payment",
              "line_items": [{"price": "{{{priceId}}}", "quantity": 2}]}}
            """));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var session = (await created.ReadJsonAsync()).GetProperty("checkout_session");
        var id = session.GetProperty("checkout_session_id").GetString()!;
        Assert.Equal(2468, session.GetProperty("amount_total").GetInt64());

        using var page = new HostedPageClient(_app.BaseAddress);
        var paid = await page.PayAsync(id);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"https://shop.example/done/{id}", paid.Headers.Location!.ToString());
        Assert.Equal("complete", (await _merchant.GetSessionAsync(id)).GetProperty("status").GetString());
    }
}

public sealed class CheckoutFlowTestsOnSqlite() : CheckoutFlowTests(DatabaseProvider.Sqlite);
public sealed class CheckoutFlowTestsOnPostgres() : CheckoutFlowTests(DatabaseProvider.Postgres);
