using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.PaymentLinks;

/// <summary>Contract section 12, payment links over HTTP: the API (Flex's shapes, inline prices, deactivation) and the public
/// URL as a browser without JavaScript uses it (a session per visit, prefill, the cookie that gives a revisit its session
/// back, HEAD that writes nothing, what follows payment).</summary>
public abstract class PaymentLinksApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _api = _merchant.Api();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    async Task<JsonElement> CreateLinkAsync(string json) =>
        (await BodyAsync(await _api.PostJsonAsync("/v1/payment_links", json), HttpStatusCode.OK)).GetProperty("payment_link");

    async Task<JsonElement> LinkOfPriceAsync(string extras = "")
    {
        var price = await _merchant.CreatePriceAsync(2500, productName: "Shirt");
        return await CreateLinkAsync($$$"""{"payment_link": {"line_items": [{"price": "{{{price}}}", "quantity": 2}] {{{extras}}} }}""");
    }

    async Task<List<JsonElement>> LinkSessionsAsync(string linkId) =>
        (await BodyAsync(await _api.GetAsync($"/v1/checkout/sessions?payment_link={linkId}"), HttpStatusCode.OK))
            .GetProperty("checkout_sessions").EnumerateArray().ToList();

    /// <summary>A visit's answer: 303 to the session's hosted page; the session id.</summary>
    static string SessionOf(HttpResponseMessage visit)
    {
        Assert.Equal(HttpStatusCode.SeeOther, visit.StatusCode);
        var location = visit.Headers.Location!.ToString();
        Assert.StartsWith("/pay/c/fcs_", location);
        return location["/pay/c/".Length..];
    }

    [Fact]
    public async Task Create_WithAStoredPriceAndInlinePriceData_AnswersFlexsShape_AndStoresTheNewProductAndPrice()
    {
        var stored = await _merchant.CreatePriceAsync(2500, productName: "Shirt");
        var link = await CreateLinkAsync($$$"""
            {"payment_link": {"label": "Spring sale", "metadata": {"campaign": "spring"},
             "line_items": [{"price": "{{{stored}}}", "quantity": 1},
                            {"price_data": {"currency": "usd", "unit_amount": 1000, "product_data": {"name": "Gift wrap"}}, "quantity": 2}],
             "tax_rate": {"amount": 300}, "shipping_options": [{"shipping_rate_data": {"display_name": "Standard", "amount": 500}}],
             "payment_intent_data": {"capture_method": "manual", "metadata": {"order": "7"}},
             "after_completion": {"type": "hosted_confirmation", "hosted_confirmation": {"custom_message": "Thanks! We ship tomorrow."} } } }
            """);

        var id = link.GetProperty("payment_link_id").GetString()!;
        Assert.StartsWith("fplink_", id);
        Assert.Equal("payment_link", link.GetProperty("object").GetString());
        Assert.True(link.GetProperty("active").GetBoolean());
        Assert.Equal("Spring sale", link.GetProperty("label").GetString());
        Assert.Equal($"{_app.BaseAddress.ToString().TrimEnd('/')}/pay/l/{id}", link.GetProperty("url").GetString());
        Assert.Equal("payment", link.GetProperty("mode").GetString());
        Assert.True(link.GetProperty("test_mode").GetBoolean());
        Assert.Equal("manual", link.GetProperty("payment_intent_data").GetProperty("capture_method").GetString());
        Assert.Equal("hosted_confirmation", link.GetProperty("after_completion").GetProperty("type").GetString());
        var lines = link.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(stored, lines[0].GetProperty("price_id").GetString());
        Assert.Equal("Gift wrap", lines[1].GetProperty("description").GetString());
        Assert.Equal(1000, lines[1].GetProperty("unit_amount").GetInt64());
        // The inline price, its product and the inline shipping rate are stored objects now.
        var newPrice = lines[1].GetProperty("price_id").GetString();
        var price = await BodyAsync(await _api.GetAsync($"/v1/prices/{newPrice}"), HttpStatusCode.OK);
        Assert.Equal(lines[1].GetProperty("product_id").GetString(), price.GetProperty("price").GetProperty("product").GetString());
        var rate = link.GetProperty("shipping_options")[0].GetString();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/v1/shipping_rates/{rate}")).StatusCode);

        var fetched = (await BodyAsync(await _api.GetAsync($"/v1/payment_links/{id}"), HttpStatusCode.OK)).GetProperty("payment_link");
        Assert.Equal(link.ToString(), fetched.ToString());
        var listed = (await BodyAsync(await _api.GetAsync("/v1/payment_links"), HttpStatusCode.OK)).GetProperty("payment_links");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("payment_link_id").GetString());
    }

    [Fact]
    public async Task AVisit_MakesASessionFromTheLinkWithThePrefill_ThatThePaymentLinkFilterLists()
    {
        var link = await LinkOfPriceAsync(""", "tax_rate": {"amount": 100}""");
        var linkId = link.GetProperty("payment_link_id").GetString()!;
        await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync()); // an API session, which the filter leaves out
        using var browser = new HostedPageClient(_app.BaseAddress);

        var sessionId = SessionOf(await browser.VisitLinkAsync(linkId,
            "?client_reference_id=order-9&email=jo%40example.com&first_name=Jo&last_name=Doe&phone=5555555555"));

        var session = await _merchant.GetSessionAsync(sessionId);
        Assert.Equal(linkId, session.GetProperty("payment_link").GetString());
        Assert.Equal("order-9", session.GetProperty("client_reference_id").GetString());
        Assert.Equal(5100, session.GetProperty("amount_total").GetInt64());
        var defaults = session.GetProperty("defaults");
        Assert.Equal("jo@example.com", defaults.GetProperty("email").GetString());
        Assert.Equal("Jo", defaults.GetProperty("first_name").GetString());
        Assert.Equal("Doe", defaults.GetProperty("last_name").GetString());
        Assert.Equal("5555555555", defaults.GetProperty("phone").GetString());
        Assert.Equal(sessionId, Assert.Single(await LinkSessionsAsync(linkId)).GetProperty("id").GetString());
        // The page is prefilled.
        var page = await (await browser.GetAsync(sessionId)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"jo@example.com\"", page);
    }

    [Fact]
    public async Task ARevisit_GetsTheBrowsersOpenSessionBack_AnotherBrowserOrPrefillOrAPaidSessionGetsANewOne()
    {
        var linkId = (await LinkOfPriceAsync()).GetProperty("payment_link_id").GetString()!;
        using var buyer = new HostedPageClient(_app.BaseAddress);
        using var other = new HostedPageClient(_app.BaseAddress);

        var first = SessionOf(await buyer.VisitLinkAsync(linkId));
        Assert.Equal(first, SessionOf(await buyer.VisitLinkAsync(linkId)));
        var others = SessionOf(await other.VisitLinkAsync(linkId));
        Assert.NotEqual(first, others);
        var withPrefill = SessionOf(await buyer.VisitLinkAsync(linkId, "?client_reference_id=x"));
        Assert.NotEqual(first, withPrefill);
        Assert.Equal(3, (await LinkSessionsAsync(linkId)).Count);

        // Paid: the next visit buys again.
        Assert.Equal(HttpStatusCode.SeeOther, (await buyer.PayAsync(withPrefill)).StatusCode);
        Assert.NotEqual(withPrefill, SessionOf(await buyer.VisitLinkAsync(linkId, "?client_reference_id=x")));
    }

    [Fact]
    public async Task Head_WritesNothing_AndSaysWhetherTheLinkTakesVisits()
    {
        var linkId = (await LinkOfPriceAsync()).GetProperty("payment_link_id").GetString()!;
        using var browser = new HostedPageClient(_app.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, (await browser.HeadLinkAsync(linkId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.HeadLinkAsync(linkId)).StatusCode);
        Assert.Empty(await LinkSessionsAsync(linkId));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.HeadLinkAsync("fplink_01HTGAQWMJK6P4WVA4P8X63SM2")).StatusCode);

        await BodyAsync(await _api.PostJsonAsync($"/v1/payment_links/{linkId}", """{"active": false}"""), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Gone, (await browser.HeadLinkAsync(linkId)).StatusCode);
        Assert.Empty(await LinkSessionsAsync(linkId));
    }

    [Fact]
    public async Task Deactivating_ClosesTheUrl_AndTakesTheLinkOutOfTheList_OtherFieldsUpdateByPatch()
    {
        var linkId = (await LinkOfPriceAsync()).GetProperty("payment_link_id").GetString()!;
        using var browser = new HostedPageClient(_app.BaseAddress);

        var updated = (await BodyAsync(await _api.PatchJsonAsync($"/v1/payment_links/{linkId}",
            """{"payment_link": {"label": "Renamed", "metadata": {"a": "b"}, "active": false}}"""), HttpStatusCode.OK)).GetProperty("payment_link");

        Assert.False(updated.GetProperty("active").GetBoolean());
        Assert.Equal("Renamed", updated.GetProperty("label").GetString());
        Assert.Equal("b", updated.GetProperty("metadata").GetProperty("a").GetString());
        var visit = await browser.VisitLinkAsync(linkId);
        Assert.Equal(HttpStatusCode.Gone, visit.StatusCode);
        Assert.Contains("no longer active", await visit.Content.ReadAsStringAsync());
        Assert.Empty((await BodyAsync(await _api.GetAsync("/v1/payment_links"), HttpStatusCode.OK)).GetProperty("payment_links").EnumerateArray());
        Assert.Single((await BodyAsync(await _api.GetAsync("/v1/payment_links?active=false"), HttpStatusCode.OK)).GetProperty("payment_links").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.VisitLinkAsync("fplink_01HTGAQWMJK6P4WVA4P8X63SM2")).StatusCode);
    }

    [Fact]
    public async Task AfterPaying_AHostedConfirmationShowsTheMessageHere_ARedirectGoesToTheMerchantWithTheSessionId()
    {
        var hosted = (await LinkOfPriceAsync(""", "after_completion": {"type": "hosted_confirmation", "hosted_confirmation": {"custom_message": "See you soon!"}}"""))
            .GetProperty("payment_link_id").GetString()!;
        var redirect = (await LinkOfPriceAsync(""", "after_completion": {"type": "redirect", "redirect": {"url": "https://shop.example/thanks?s={CHECKOUT_SESSION_ID}"}}"""))
            .GetProperty("payment_link_id").GetString()!;
        using var browser = new HostedPageClient(_app.BaseAddress);

        var hostedSession = SessionOf(await browser.VisitLinkAsync(hosted));
        var paid = await browser.PayAsync(hostedSession);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"{_app.BaseAddress.ToString().TrimEnd('/')}/pay/c/{hostedSession}", paid.Headers.Location!.ToString());
        var page = await (await browser.GetAsync(hostedSession)).Content.ReadAsStringAsync();
        Assert.Contains("See you soon!", page);
        Assert.DoesNotContain("Return to", page);
        Assert.Equal("complete", (await _merchant.GetSessionAsync(hostedSession)).GetProperty("status").GetString());

        var redirectSession = SessionOf(await browser.VisitLinkAsync(redirect));
        var redirected = await browser.PayAsync(redirectSession);
        Assert.Equal($"https://shop.example/thanks?s={redirectSession}", redirected.Headers.Location!.ToString());
    }

    [Fact]
    public async Task AVisitAfterAPriceItSellsWasArchived_SaysSo_AndMakesNothing()
    {
        var link = await LinkOfPriceAsync();
        var linkId = link.GetProperty("payment_link_id").GetString()!;
        var price = link.GetProperty("line_items")[0].GetProperty("price_id").GetString();
        await BodyAsync(await _api.PostJsonAsync($"/v1/prices/{price}", """{"active": false}"""), HttpStatusCode.OK);
        using var browser = new HostedPageClient(_app.BaseAddress);

        var visit = await browser.VisitLinkAsync(linkId);

        Assert.Equal(HttpStatusCode.Conflict, visit.StatusCode);
        Assert.Contains("cannot be used right now", await visit.Content.ReadAsStringAsync());
        Assert.Empty(await LinkSessionsAsync(linkId));
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.VisitLinkAsync(linkId, "?email=not-an-email")).StatusCode);
    }

    [Theory]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product_data": {"name": "x"}, "recurring": {"interval": "month"}}, "quantity": 1}]}""",
        400, "line_items[0].price_data.recurring")]
    [InlineData("""{"line_items": [{"price": "fprice_nope", "quantity": 1}]}""", 422, "line_items[0].price")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product": "fprod_nope"}, "quantity": 1}]}""", 422, "line_items[0].price_data.product")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product_data": {"name": "x"}}, "quantity": 1}], "mode": "subscription"}""", 400, "mode")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product_data": {"name": "x"}}, "quantity": 1}], "after_completion": {"type": "redirect"}}""",
        400, "after_completion.redirect")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product_data": {"name": "x"}}, "quantity": 1}], "after_completion": {"type": "redirect", "redirect": {"url": "javascript:alert(1)"}}}""",
        400, "after_completion.redirect.url")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product_data": {"name": "x"}}, "quantity": 0}]}""", 400, "line_items[0].quantity")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 100, "product_data": {"name": "x"}}, "quantity": 1}], "colour": "red"}""", 400, "colour")]
    [InlineData("""{"line_items": [{"price_data": {"unit_amount": 9223372036854775807, "product_data": {"name": "x"}}, "quantity": 2}]}""", 400, "line_items[0].price_data.unit_amount")]
    [InlineData("""{"line_items": []}""", 400, "line_items")]
    public async Task BadInput_IsAClearError_AndStoresNothing(string body, int status, string param)
    {
        var response = await _api.PostJsonAsync("/v1/payment_links", body);

        var error = (await BodyAsync(response, (HttpStatusCode)status)).GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty((await BodyAsync(await _api.GetAsync("/v1/products"), HttpStatusCode.OK)).GetProperty("products").EnumerateArray());
        Assert.Empty((await BodyAsync(await _api.GetAsync("/v1/payment_links?active=true"), HttpStatusCode.OK)).GetProperty("payment_links").EnumerateArray());
    }

    [Fact]
    public async Task AnotherMerchant_FindsNothing_AndCannotUpdateIt()
    {
        var linkId = (await LinkOfPriceAsync()).GetProperty("payment_link_id").GetString()!;
        var other = await _app.CreateMerchantAsync("Other shop");
        using var api = other.Api();

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/payment_links/{linkId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostJsonAsync($"/v1/payment_links/{linkId}", """{"active": false}""")).StatusCode);
        Assert.Empty((await BodyAsync(await api.GetAsync("/v1/payment_links"), HttpStatusCode.OK)).GetProperty("payment_links").EnumerateArray());
        using var live = _merchant.Api(live: true);
        Assert.Equal(HttpStatusCode.NotFound, (await live.GetAsync($"/v1/payment_links/{linkId}")).StatusCode);
        Assert.True((await BodyAsync(await _api.GetAsync($"/v1/payment_links/{linkId}"), HttpStatusCode.OK)).GetProperty("payment_link").GetProperty("active").GetBoolean());
    }
}

public sealed class PaymentLinksApiTestsOnSqlite() : PaymentLinksApiTests(DatabaseProvider.Sqlite);

public sealed class PaymentLinksApiTestsOnPostgres() : PaymentLinksApiTests(DatabaseProvider.Postgres);
