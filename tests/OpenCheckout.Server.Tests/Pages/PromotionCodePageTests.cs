using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>Promotion codes on the hosted page, driven as a browser without JavaScript would: the code form prices the
/// session again before anything is paid, a code that cannot be used says why and changes nothing, and the code's
/// restrictions are checked again when the payment commits, where its redemption is counted.</summary>
public abstract partial class PromotionCodePageTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HttpClient _api = null!;
    HostedPageClient _page = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _api = _merchant.Api();
        _page = new HostedPageClient(_app.BaseAddress);
        _price = await _merchant.CreatePriceAsync(2500, productName: "Shirt");
    }

    public async Task DisposeAsync()
    {
        _page.Dispose();
        _api.Dispose();
        await _app.DisposeAsync();
    }

    static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Two shirts, $50.00, with the code field on unless <paramref name="allowCodes"/> is false.</summary>
    async Task<string> SessionAsync(bool allowCodes = true) =>
        (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "https://shop.example/ok?id={CHECKOUT_SESSION_ID}", "line_items": [{"price": "{{_price}}", "quantity": 2}],
             "allow_promotion_codes": {{(allowCodes ? "true" : "false")}} }
            """))).GetProperty("checkout_session").Id();

    /// <summary>A promotion code on a coupon of <paramref name="coupon"/> (JSON fields) with <paramref name="fields"/>.</summary>
    async Task<string> PromoCodeAsync(string code, string fields = "", string coupon = "\"percent_off\": 10")
    {
        var couponId = (await BodyAsync(await _api.PostJsonAsync("/v1/coupons", $$"""{"coupon": { {{coupon}} } }""")))
            .GetProperty("coupon").GetProperty("coupon_id").GetString()!;
        return (await BodyAsync(await _api.PostJsonAsync("/v1/promo_codes",
            $$$"""{"promo_code": {"coupon_id": "{{{couponId}}}", "code": "{{{code}}}" {{{(fields == "" ? "" : ", " + fields)}}} }}""")))
            .GetProperty("promo_code").GetProperty("promo_code_id").GetString()!;
    }

    async Task<string> ApplyAsync(string sessionId, string code) =>
        await BodyTextAsync(await _page.PostHandlerAsync(sessionId, "ApplyCode", new Dictionary<string, string> { ["promotion_code"] = code }));

    static async Task<string> BodyTextAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Pays as the page's form does, with the total the page showed.</summary>
    async Task<HttpResponseMessage> PayShownTotalAsync(string sessionId, string email = "buyer@example.com")
    {
        var page = await (await _page.GetAsync(sessionId)).Content.ReadAsStringAsync();
        return await PayAsync(sessionId, ExpectedTotalOf(page), email);
    }

    Task<HttpResponseMessage> PayAsync(string sessionId, string expectedTotal, string email = "buyer@example.com") =>
        _page.SubmitFieldsAsync(sessionId, new Dictionary<string, string?> { ["expected_total"] = expectedTotal, ["email"] = email });

    static string ExpectedTotalOf(string page) => ExpectedTotalPattern().Match(page).Groups[1].Value;

    static string PageTotal(string page) => WebUtility.HtmlDecode(TotalPattern().Match(page).Groups[1].Value);

    static string? CodeError(string page) => CodeErrorPattern().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex(@"name=""expected_total"" value=""(\d+)""")]
    private static partial Regex ExpectedTotalPattern();

    [GeneratedRegex(@"<td class=""amount total"">([^<]+)</td>")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"id=""promotion_code-error"" role=""alert"">([^<]+)</p>")]
    private static partial Regex CodeErrorPattern();

    async Task<JsonElement> PromoAsync(string id) => (await BodyAsync(await _api.GetAsync($"/v1/promo_codes/{id}"))).GetProperty("promo_code");

    [Fact]
    public async Task ACodeInAnyCase_ShowsTheDiscountBeforePaying_AndThePaymentChargesTheDiscountedTotal_CountingOneRedemption()
    {
        var promo = await PromoCodeAsync("Spring10");
        var id = await SessionAsync();
        var before = await (await _page.GetAsync(id)).Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"promotion_code\">Promotion code</label>", before);
        Assert.Equal("$50.00", PageTotal(before));

        var page = await ApplyAsync(id, "  spring10 ");

        Assert.Null(CodeError(page));
        Assert.Matches(@"Discount \(Spring10\)</th>\s*<td class=""amount"">−\$5\.00</td>", WebUtility.HtmlDecode(page));
        Assert.Equal("$45.00", PageTotal(page));
        Assert.Contains("Pay $45.00", page);
        Assert.Contains("Remove code", page);
        var session = await _merchant.GetSessionAsync(id);
        Assert.Equal(4500, session.GetProperty("amount_total").GetInt64());
        Assert.Equal(promo, session.GetProperty("discounts")[0].GetProperty("promotion_code").GetString());
        Assert.Equal(500, session.GetProperty("line_items")[0].GetProperty("amount_discount").GetInt64());

        Assert.Equal(HttpStatusCode.SeeOther, (await PayShownTotalAsync(id)).StatusCode);
        session = await _merchant.GetSessionAsync(id);
        Assert.Equal("complete", session.GetProperty("status").GetString());
        Assert.Equal(4500, session.GetProperty("amount_total").GetInt64());
        Assert.Equal(1, (await PromoAsync(promo)).GetProperty("times_redeemed").GetInt64());
    }

    [Fact]
    public async Task RemovingTheCode_PutsTheTotalBack()
    {
        await PromoCodeAsync("FIVE", coupon: "\"amount_off\": 500, \"currency\": \"usd\"");
        var id = await SessionAsync();
        Assert.Equal("$45.00", PageTotal(await ApplyAsync(id, "five")));

        var page = await BodyTextAsync(await _page.PostHandlerAsync(id, "RemoveCode"));

        Assert.Equal("$50.00", PageTotal(page));
        Assert.Contains("<label for=\"promotion_code\">Promotion code</label>", page);
        var session = await _merchant.GetSessionAsync(id);
        Assert.Equal(5000, session.GetProperty("amount_total").GetInt64());
        Assert.Equal(0, session.GetProperty("discounts").GetArrayLength());
    }

    [Theory]
    [InlineData("NOPE", "", "This code isn't valid.")]
    [InlineData("", "", "Enter a promotion code.")]
    [InlineData("BIGSPEND", "\"restrictions\": {\"minimum_amount\": 10000, \"minimum_amount_currency\": \"usd\"}",
        "This code needs an order of at least $100.00 before discounts.")]
    [InlineData("EUROS", "\"restrictions\": {\"minimum_amount\": 100, \"minimum_amount_currency\": \"eur\"}",
        "This code can't be used for an order in USD.")]
    [InlineData("ONCE", "\"max_redemptions\": 1", null)]
    public async Task ACodeThatCannotBeUsed_SaysWhyNextToTheField_AndChangesNothing(string code, string fields, string? message)
    {
        if (code is "BIGSPEND" or "EUROS" or "ONCE") await PromoCodeAsync(code, fields);
        if (code == "ONCE")
        {
            // Used up by another buyer first.
            var other = await SessionAsync();
            await ApplyAsync(other, "ONCE");
            Assert.Equal(HttpStatusCode.SeeOther, (await PayShownTotalAsync(other)).StatusCode);
            message = "This code has been used as many times as the shop allows.";
        }
        var id = await SessionAsync();

        var page = await ApplyAsync(id, code);

        Assert.Equal(message, CodeError(page));
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"promotion_code-error\"", page);
        Assert.Equal("$50.00", PageTotal(page));
        Assert.Equal(5000, (await _merchant.GetSessionAsync(id)).GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task AnExpiredOrDeactivatedCode_IsRefused()
    {
        var expiring = await PromoCodeAsync("SOON", $"\"expires_at\": {TestApp.Start.AddHours(1).ToUnixTimeSeconds()}");
        var deactivated = await PromoCodeAsync("GONE");
        await BodyAsync(await _api.PostJsonAsync($"/v1/promo_codes/{deactivated}", """{"promo_code": {"active": false}}"""));
        _app.Clock.Advance(TimeSpan.FromHours(2));
        var id = await SessionAsync();

        Assert.Equal("This code has expired.", CodeError(await ApplyAsync(id, "soon")));
        Assert.Equal("This code isn't valid.", CodeError(await ApplyAsync(id, "gone")));
        Assert.Equal(0, (await PromoAsync(expiring)).GetProperty("times_redeemed").GetInt64());
    }

    [Fact]
    public async Task ACodeUsedUpWhileTheBuyerTyped_IsNotHonouredAtPayment_NothingIsCharged_AndTheCodeComesOff()
    {
        var promo = await PromoCodeAsync("LAST", "\"max_redemptions\": 1");
        var first = await SessionAsync();
        var second = await SessionAsync();
        await ApplyAsync(first, "LAST");
        await ApplyAsync(second, "LAST");
        Assert.Equal(HttpStatusCode.SeeOther, (await PayShownTotalAsync(first)).StatusCode);

        var page = await BodyTextAsync(await PayShownTotalAsync(second));

        Assert.Contains("This code has been used as many times as the shop allows. The code was removed from your order, which now costs $50.00. "
            + "Nothing was charged", WebUtility.HtmlDecode(page));
        Assert.Equal("$50.00", PageTotal(page));
        var session = await _merchant.GetSessionAsync(second);
        Assert.Equal("open", session.GetProperty("status").GetString());
        Assert.Equal(0, session.GetProperty("discounts").GetArrayLength());
        Assert.Equal(1, (await PromoAsync(promo)).GetProperty("times_redeemed").GetInt64());

        Assert.Equal(HttpStatusCode.SeeOther, (await PayShownTotalAsync(second)).StatusCode);
        Assert.Equal(5000, (await _merchant.GetSessionAsync(second)).GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task ACodeWithOneUseLeft_PaidFromFiveSessionsAtOnce_IsRedeemedOnce()
    {
        var promo = await PromoCodeAsync("ONEWIN", "\"max_redemptions\": 1");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
                {"success_url": "https://shop.example/ok", "line_items": [{"price": "{{_price}}", "quantity": 2}],
                 "discounts": [{"promotion_code": "{{promo}}"}]}
                """))).GetProperty("checkout_session").Id());

        var answers = await Task.WhenAll(ids.Select(id => _api.PostAsync($"/v1/test_helpers/checkout/sessions/{id}/pay", Json.Body("{}"))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, (await PromoAsync(promo)).GetProperty("times_redeemed").GetInt64());
        var sessions = await Task.WhenAll(ids.Select(id => _merchant.GetSessionAsync(id)));
        Assert.Equal(4500, Assert.Single(sessions, s => s.GetProperty("status").GetString() == "complete").GetProperty("amount_total").GetInt64());
        Assert.All(sessions.Where(s => s.GetProperty("status").GetString() == "open"), s => Assert.Equal(5000, s.GetProperty("amount_total").GetInt64()));
    }

    [Fact]
    public async Task AFirstTimeCode_IsCheckedAgainstTheEmailEnteredAtPayment()
    {
        await PromoCodeAsync("WELCOME", "\"restrictions\": {\"first_time_transaction\": true}");
        var earlier = await SessionAsync();
        Assert.Equal(HttpStatusCode.SeeOther, (await PayShownTotalAsync(earlier, "returning@example.com")).StatusCode);
        var id = await SessionAsync();
        Assert.Null(CodeError(await ApplyAsync(id, "WELCOME"))); // the page does not know the buyer yet

        var page = await BodyTextAsync(await PayShownTotalAsync(id, "returning@example.com"));

        Assert.Contains("This code is for first-time customers only.", page);
        Assert.Equal("open", (await _merchant.GetSessionAsync(id)).GetProperty("status").GetString());
        var newcomer = await SessionAsync();
        await ApplyAsync(newcomer, "WELCOME");
        Assert.Equal(HttpStatusCode.SeeOther, (await PayShownTotalAsync(newcomer, "new@example.com")).StatusCode);
        Assert.Equal(4500, (await _merchant.GetSessionAsync(newcomer)).GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task ACodeAppliedInAnotherTab_AfterThisOneShowedItsTotal_ChargesNothing_AndShowsTheNewTotal()
    {
        await PromoCodeAsync("TAB");
        var id = await SessionAsync();
        var shown = ExpectedTotalOf(await (await _page.GetAsync(id)).Content.ReadAsStringAsync());
        Assert.Equal("5000", shown);
        await ApplyAsync(id, "TAB");

        var page = await BodyTextAsync(await PayAsync(id, shown));

        Assert.Contains("Your order changed in another window: its total is now $45.00. Nothing was charged", WebUtility.HtmlDecode(page));
        Assert.Equal("open", (await _merchant.GetSessionAsync(id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.SeeOther, (await PayAsync(id, ExpectedTotalOf(page))).StatusCode);
    }

    [Fact]
    public async Task ASessionWithoutAllowPromotionCodes_HasNoField_AndRefusesAPostedCode()
    {
        await PromoCodeAsync("SNEAKY");
        var id = await SessionAsync(allowCodes: false);
        Assert.DoesNotContain("promotion_code", await (await _page.GetAsync(id)).Content.ReadAsStringAsync());

        await ApplyAsync(id, "SNEAKY");

        Assert.Equal(5000, (await _merchant.GetSessionAsync(id)).GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task AnotherAccountsCode_IsNotValidHere()
    {
        var other = await _app.CreateMerchantAsync("Other Shop");
        using var otherApi = other.Api();
        var coupon = (await BodyAsync(await otherApi.PostJsonAsync("/v1/coupons", """{"coupon": {"percent_off": 50}}""")))
            .GetProperty("coupon").GetProperty("coupon_id").GetString()!;
        await BodyAsync(await otherApi.PostJsonAsync("/v1/promo_codes", $$"""{"promo_code": {"coupon_id": "{{coupon}}", "code": "HALF"} }"""));
        var id = await SessionAsync();

        Assert.Equal("This code isn't valid.", CodeError(await ApplyAsync(id, "HALF")));
    }
}

public sealed class PromotionCodePageTestsOnSqlite() : PromotionCodePageTests(DatabaseProvider.Sqlite);
public sealed class PromotionCodePageTestsOnPostgres() : PromotionCodePageTests(DatabaseProvider.Postgres);
