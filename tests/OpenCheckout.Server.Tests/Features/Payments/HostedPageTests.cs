using System.Net;
using System.Text.RegularExpressions;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.Payments;

/// <summary>The hosted page (contract section 7) driven as a browser without JavaScript: declines, field errors,
/// and the paid / expired / unknown pages.</summary>
public abstract partial class HostedPageTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The text of the element with role="alert", or null when there is none.</summary>
    static string? AlertOf(string html) => AlertPattern().Match(html) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    /// <summary>The <c>&lt;input&gt;</c> tag of a field, by its id.</summary>
    static string InputOf(string html, string id) =>
        Regex.Match(html, $"<input id=\"{id}\"[^>]*>") is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"No input #{id}");

    static string? FieldErrorOf(string html, string id) =>
        Regex.Match(html, $"<p class=\"field-error\" id=\"{id}-error\">([^<]*)</p>") is { Success: true } m ? m.Groups[1].Value : null;

    [Theory]
    [InlineData("4000 0000 0000 0002", "Your card was declined.")]
    [InlineData("4000 0000 0000 9995", "Your card has insufficient funds.")]
    [InlineData("4000 0000 0000 9987", "Your card was declined.")]
    [InlineData("4000 0000 0000 0069", "Your card has expired.")]
    public async Task Pay_WithDecliningCard_ShowsAlertAndKeepsSessionOpen(string card, string message)
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.PayAsync(session.Id(), cardNumber: card);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Equal(message, AlertOf(html));
        Assert.Contains("Pay $20.00", html);
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("requires_payment_method", intent.GetProperty("status").GetString());
        Assert.Equal(0, intent.GetProperty("amount_received").GetInt64());
    }

    [Fact]
    public async Task Pay_AfterDeclineRetryWith4242_RedirectsToSuccessAndCompletesSession()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);
        var declined = await HtmlAsync(await page.PayAsync(session.Id(), cardNumber: "4000 0000 0000 0002"));
        Assert.Equal("Your card was declined.", AlertOf(declined));

        var retry = await page.SubmitAsync(session.Id(), HostedPageClient.TokenOf(declined), cardNumber: "4242 4242 4242 4242");

        Assert.Equal(HttpStatusCode.SeeOther, retry.StatusCode);
        Assert.Equal($"https://shop.example/success?session_id={session.Id()}", retry.Headers.Location!.ToString());
        var paid = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("complete", paid.Status());
        Assert.Equal("paid", paid.GetProperty("payment_status").GetString());
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("4242 4242 4242 4241", "12 / 34", "123", "card_number", "Your card number is incorrect.")]
    [InlineData("4242 4242 42", "12 / 34", "123", "card_number", "Your card number is invalid.")]
    [InlineData("4242 4242 abcd 4242", "12 / 34", "123", "card_number", "Your card number is invalid.")]
    [InlineData("4242 4242 4242 4242", "01 / 20", "123", "expiry", "Your card's expiration date is in the past.")]
    [InlineData("4242 4242 4242 4242", "13 / 34", "123", "expiry", "Your card's expiration date is invalid.")]
    [InlineData("4242 4242 4242 4242", "12 / 34", "", "cvc", "Your card's security code is incomplete.")]
    [InlineData("4242 4242 4242 4242", "12 / 34", "12", "cvc", "Your card's security code is invalid.")]
    public async Task Pay_WithInvalidField_ShowsErrorNextToFieldKeepsValuesAndStoresNothing(string card, string expiry, string cvc,
        string field, string message)
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.PayAsync(session.Id(), cardNumber: card, expiry: expiry, cvc: cvc, email: "kim@example.com", name: "Kim Lee");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Equal(message, FieldErrorOf(html, field));
        var input = InputOf(html, field);
        Assert.Contains("aria-invalid=\"true\"", input);
        Assert.Contains($"aria-describedby=\"{field}-error\"", input);
        Assert.Null(AlertOf(html));

        Assert.Contains($"value=\"{card}\"", InputOf(html, "card_number"));
        Assert.Contains($"value=\"{expiry}\"", InputOf(html, "expiry"));
        Assert.Contains("value=\"kim@example.com\"", InputOf(html, "email"));
        Assert.Contains("value=\"Kim Lee\"", InputOf(html, "name"));
        Assert.DoesNotContain("value=", InputOf(html, "cvc"));

        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
        using var api = _merchant.Api();
        Assert.Empty(await api.ListAsync("/v1/customers", "customers"));
    }

    [Fact]
    public async Task Pay_WithSeveralInvalidFields_ShowsEachNextToItsFieldAndNeverEchoesCvc()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.PayAsync(session.Id(), cardNumber: "4242 4242 4242 4241", expiry: "01 / 20", cvc: "98");

        var html = await HtmlAsync(response);
        Assert.Equal("Your card number is incorrect.", FieldErrorOf(html, "card_number"));
        Assert.Equal("Your card's expiration date is in the past.", FieldErrorOf(html, "expiry"));
        Assert.Equal("Your card's security code is invalid.", FieldErrorOf(html, "cvc"));
        Assert.DoesNotContain("value=", InputOf(html, "cvc"));
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Fact]
    public async Task Pay_WithDecline_NeverEchoesCvcButKeepsCardNumber()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);

        var html = await HtmlAsync(await page.PayAsync(session.Id(), cardNumber: "4000 0000 0000 0002", cvc: "987"));

        Assert.DoesNotContain("value=", InputOf(html, "cvc"));
        Assert.Contains("value=\"4000 0000 0000 0002\"", InputOf(html, "card_number"));
    }

    [Theory]
    [InlineData("4242-4242-4242-4242", "12/34")]
    [InlineData("4242424242424242", "1234")]
    [InlineData("4242 4242 4242 4242", "12/2034")]
    public async Task Pay_WithForgivingInputSpellings_Succeeds(string card, string expiry)
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.PayAsync(session.Id(), cardNumber: card, expiry: expiry);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("complete", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task Get_PaidSession_ShowsPaidPageWithoutForm()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.GetAsync(session.Id());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("This checkout has been paid", html);
        Assert.DoesNotContain("<form", html);
        Assert.Contains($"href=\"https://shop.example/success?session_id={session.Id()}\"", html);
    }

    [Fact]
    public async Task Post_ToSessionPaidMeanwhile_ShowsPaidPageAndChargesNothingMore()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);
        var form = await HtmlAsync(await page.GetAsync(session.Id()));
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);

        var response = await page.SubmitAsync(session.Id(), HostedPageClient.TokenOf(form), cardNumber: "5555 5555 5555 4444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This checkout has been paid", await HtmlAsync(response));
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("4242", intent.GetProperty("payment_method").GetProperty("card").GetProperty("last4").GetString());
    }

    [Fact]
    public async Task Get_ExpiredSession_ShowsExpiredPageWithoutForm()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/checkout/sessions/{session.Id()}/expire", null)).StatusCode);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.GetAsync(session.Id());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("This checkout has expired", html);
        Assert.DoesNotContain("<form", html);
    }

    [Fact]
    public async Task Get_UnknownSession_Returns404Page()
    {
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.GetAsync("fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Checkout not found", await HtmlAsync(response));
        ApiAssert.RequestId(response);
    }

    [Fact]
    public async Task Get_OpenTestSession_ShowsTotalTestBannerAndCancelLink()
    {
        var session = await _merchant.CreateSessionAsync(_price, quantity: 3);
        using var page = new HostedPageClient(_app.BaseAddress);

        var response = await page.GetAsync(session.Id());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("Acme Shop", html);
        Assert.Contains("Pay $60.00", html);
        Assert.Contains("Test mode", html);
        Assert.Contains("href=\"https://shop.example/cancel\"", html);
        ApiAssert.RequestId(response);
    }

    [Fact]
    public async Task Pay_LiveSession_TakesNoCardOnThisPage_AndStaysOpen()
    {
        var livePrice = await _merchant.CreatePriceAsync(2000, live: true);
        var session = await _merchant.CreateSessionAsync(livePrice, live: true);
        using var page = new HostedPageClient(_app.BaseAddress);
        var form = await HtmlAsync(await page.GetAsync(session.Id()));
        Assert.DoesNotContain("Test mode", form);

        var response = await page.SubmitAsync(session.Id(), HostedPageClient.TokenOf(form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("are not taken by this page in live mode", AlertOf(await HtmlAsync(response)));
        Assert.DoesNotContain("name=\"card_number\"", form);
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id(), live: true)).Status());
    }

    [Fact]
    public async Task Get_ProductNameWithMarkup_IsShownAsTextNotMarkup()
    {
        var price = await _merchant.CreatePriceAsync(500, productName: "<script>alert(1)</script>");
        var session = await _merchant.CreateSessionAsync(price);
        using var page = new HostedPageClient(_app.BaseAddress);

        var raw = await (await page.GetAsync(session.Id())).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert(1)</script>", raw);
        Assert.Contains("<script>alert(1)</script>", WebUtility.HtmlDecode(raw));
    }

    [GeneratedRegex("role=\"alert\"[^>]*>([^<]*)<")]
    private static partial Regex AlertPattern();
}

public sealed class HostedPageTestsOnSqlite() : HostedPageTests(DatabaseProvider.Sqlite);
public sealed class HostedPageTestsOnPostgres() : HostedPageTests(DatabaseProvider.Postgres);
