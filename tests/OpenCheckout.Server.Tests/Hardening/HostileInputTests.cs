using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Input an attacker or a careless client sends (issue 18, defects 3 and 4): each is refused with a 4xx in the
/// contract's shape and stores nothing, or is made safe before it is stored; none is a 500.</summary>
public abstract class HostileInputTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        _price = await _merchant.CreatePriceAsync(2000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<HttpResponseMessage> CreateSessionAsync(string successUrl, string? cancelUrl = null)
    {
        using var api = _merchant.Api();
        var body = new Dictionary<string, object?>
        {
            ["success_url"] = successUrl,
            ["line_items"] = new[] { new { price = _price, quantity = 1 } },
        };
        if (cancelUrl is not null) body["cancel_url"] = cancelUrl;
        return await api.PostAsync("/v1/checkout/sessions", Json.Body(JsonSerializer.Serialize(body)));
    }

    [Fact]
    public async Task SuccessUrl_WithIdnHostAndNonAsciiText_IsStoredEncoded_AndThePaidBuyerIsRedirectedThere()
    {
        var created = await CreateSessionAsync("https://bücher.example/danke?größe=groß&id={CHECKOUT_SESSION_ID}",
            cancelUrl: "https://bücher.example/zurück a");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var session = (await created.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("https://xn--bcher-kva.example/danke?gr%C3%B6%C3%9Fe=gro%C3%9F&id={CHECKOUT_SESSION_ID}",
            session.GetProperty("success_url").GetString());
        Assert.Equal("https://xn--bcher-kva.example/zur%C3%BCck%20a", session.GetProperty("cancel_url").GetString());

        using var page = new HostedPageClient(_app.BaseAddress);
        var paid = await page.PayAsync(session.Id());

        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"https://xn--bcher-kva.example/danke?gr%C3%B6%C3%9Fe=gro%C3%9F&id={session.Id()}", paid.Headers.Location?.OriginalString);
        Assert.Equal("complete", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task AsciiRedirectUrls_AreStoredExactlyAsSent()
    {
        const string url = "https://shop.example/ok?a=1&b=%20&id={CHECKOUT_SESSION_ID}#done";
        var session = (await (await CreateSessionAsync(url)).ReadJsonAsync()).GetProperty("checkout_session");

        Assert.Equal(url, session.GetProperty("success_url").GetString());
    }

    [Theory]
    [InlineData("success_url", "https://shop.example/ok\r\nSet-Cookie: stolen=1")]
    [InlineData("success_url", "https://shop.example/ok\n")]
    [InlineData("success_url", "https://shop.example/\tok")]
    [InlineData("success_url", "https://shop.example/ok\u0085")]
    [InlineData("cancel_url", "https://shop.example/back\u007f")]
    public async Task RedirectUrl_WithControlCharacters_Is400NamingIt_AndStoresNothing(string field, string url)
    {
        var response = field == "success_url"
            ? await CreateSessionAsync(url)
            : await CreateSessionAsync("https://shop.example/ok", cancelUrl: url);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "url_invalid", field);
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Theory]
    [InlineData("""{"success_url":"https://shop.example/\ud800","line_items":[]}""")]
    [InlineData("""{"success_url":"https://shop.example/ok","metadata":{"\udc00":"x"},"line_items":[]}""")]
    [InlineData("""{"success_url":"https://shop.example/ok","metadata":{"order":"\ude00\ud83d"},"line_items":[]}""")]
    [InlineData("""{"\ud83d":1}""")]
    public async Task LoneSurrogateEscape_AnywhereInTheBody_Is400InvalidJson_AndStoresNothing(string json)
    {
        using var api = _merchant.Api();

        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body(json));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task SurrogatePairEscapes_AreText_AndStoredAsSent()
    {
        using var api = _merchant.Api();

        var response = await api.PostAsync("/v1/products", Json.Body("""{"name":"Cake \ud83c\udf70","metadata":{"\ud83d\ude00":"\u00e9"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var product = (await response.ReadJsonAsync()).GetProperty("product");
        Assert.Equal("Cake 🍰", product.GetProperty("name").GetString());
        Assert.Equal("é", product.GetProperty("metadata").GetProperty("😀").GetString());
    }

    [Theory]
    [InlineData("１２/３４")]   // full-width
    [InlineData("١٢/٣٤")]       // Arabic-Indic
    [InlineData("۱۲۳۴")]        // Extended Arabic-Indic, no separator
    public async Task Expiry_WithNonAsciiDigits_IsAnInvalidExpiry_OnTheTestHelperAndTheHostedPage(string expiry)
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();

        var helper = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{session.Id()}/pay",
            Json.Body(JsonSerializer.Serialize(new { exp = expiry })));

        await ApiAssert.ErrorAsync(helper, HttpStatusCode.PaymentRequired, "card_error", "invalid_expiry_month", "exp");

        using var page = new HostedPageClient(_app.BaseAddress);
        var posted = await page.PayAsync(session.Id(), expiry: expiry);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Your card's expiration date is invalid.", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()));
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Theory]
    [InlineData("TRACE")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public async Task HostedPage_OtherMethods_Are405_WithTheMethodsItAllows(string method)
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var http = _app.Http();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/pay/c/{session.Id()}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow.Order());
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
    }
}

public sealed class HostileInputTestsOnSqlite() : HostileInputTests(DatabaseProvider.Sqlite);
public sealed class HostileInputTestsOnPostgres() : HostileInputTests(DatabaseProvider.Postgres);
