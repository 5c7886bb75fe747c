using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Refunds;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>Contract section 11 over HTTP: every part of the total, its rounding and limits.</summary>
public abstract class CheckoutExtrasTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>POSTs a session with <paramref name="lines"/> and the extra fields in <paramref name="extras"/> (JSON members).</summary>
    async Task<HttpResponseMessage> CreateAsync(string lines, string extras = "")
    {
        using var api = _merchant.Api();
        return await api.PostAsync("/v1/checkout/sessions", Json.Body(
            $$"""{"success_url": "https://shop.example/ok", "line_items": [{{lines}}]{{(extras.Length > 0 ? ", " + extras : "")}} }"""));
    }

    async Task<JsonElement> CreatedAsync(string lines, string extras = "")
    {
        var response = await CreateAsync(lines, extras);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("checkout_session").Clone();
    }

    static string Line(string priceId, long quantity = 1) => $$"""{"price": "{{priceId}}", "quantity": {{quantity}} }""";

    static long Long(JsonElement e, string name) => e.GetProperty(name).GetInt64();

    static void AssertTotals(JsonElement session, long subtotal, long discount, long shipping, long tax, long fees)
    {
        var details = session.GetProperty("total_details");
        Assert.Equal(subtotal, Long(session, "amount_subtotal"));
        Assert.Equal(discount, Long(details, "amount_discount"));
        Assert.Equal(shipping, Long(details, "amount_shipping"));
        Assert.Equal(tax, Long(details, "amount_tax"));
        Assert.Equal(fees, Long(details, "amount_fees"));
        Assert.Equal(subtotal - discount + shipping + tax + fees, Long(session, "amount_total"));
    }

    [Fact]
    public async Task EveryPart_IsInTotalDetails_AndTheTotalIsTheirSum()
    {
        var shirt = await _merchant.CreatePriceAsync(2500);
        var socks = await _merchant.CreatePriceAsync(800);
        var session = await CreatedAsync($"{Line(shirt, 2)}, {Line(socks, 3)}", $$"""
            "tax_rate": {"amount": 377},
            "shipping_options": [{"shipping_rate_data": {"display_name": "Standard", "amount": 495} }],
            "fees": [{"amount": 150, "name": "Handling", "description": "Packing", "fee_type": "custom"}, {"amount": 99, "name": "Eco", "fee_type": "custom"}],
            "discounts": [{"coupon_data": {"name": "Ten off", "amount_off": 1000} }]
            """);
        AssertTotals(session, subtotal: 7400, discount: 1000, shipping: 495, tax: 377, fees: 249);
        Assert.Equal(7521, Long(session, "amount_total"));

        // The discount is spread over the lines in proportion (5000 : 2400 of 1000 → 676 + 324), and adds up.
        var lines = session.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal([676, 324], lines.Select(l => Long(l, "amount_discount")));
        Assert.Equal([4324, 2076], lines.Select(l => Long(l, "amount_total")));
        Assert.Equal([5000, 2400], lines.Select(l => Long(l, "amount_subtotal")));
        Assert.Equal(["Handling", "Eco"], session.GetProperty("fees").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var discount = Assert.Single(session.GetProperty("discounts").EnumerateArray());
        Assert.Equal(1000, Long(discount, "amount"));
        Assert.StartsWith("fcoup_", discount.GetProperty("coupon_id").GetString());

        // The line items endpoint and a GET show the same.
        using var api = _merchant.Api();
        var listed = await api.ListAsync($"/v1/checkout/sessions/{session.Id()}/line_items", "line_items");
        Assert.Equal([676, 324], listed.Select(l => Long(l, "amount_discount")));
        AssertTotals(await _merchant.GetSessionAsync(session.Id()), 7400, 1000, 495, 377, 249);
    }

    [Theory]
    [InlineData(999, "12.5", 125)]   // 124.875 rounds up
    [InlineData(5, "10", 1)]         // 0.5 rounds half up
    [InlineData(4, "10", 0)]         // 0.4 rounds down
    [InlineData(1999, "33.33", 666)] // 666.2667
    [InlineData(2000, "100", 2000)]
    public async Task PercentOff_IsTakenOfTheLinesOnce_RoundedHalfUpToTheMinorUnit(long unitAmount, string percent, long expected)
    {
        var price = await _merchant.CreatePriceAsync(unitAmount);
        var session = await CreatedAsync(Line(price), $$"""
            "discounts": [{"coupon_data": {"name": "Pct", "percent_off": {{percent}} } }]
            """);
        AssertTotals(session, unitAmount, expected, 0, 0, 0);
        Assert.Equal(decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture),
            session.GetProperty("discounts")[0].GetProperty("percent_off").GetDecimal());
    }

    [Fact]
    public async Task PercentOff_OverSeveralLines_IsExact_AndTheLinesAddUpToIt()
    {
        var a = await _merchant.CreatePriceAsync(333);
        var b = await _merchant.CreatePriceAsync(333);
        var c = await _merchant.CreatePriceAsync(334);
        var session = await CreatedAsync($"{Line(a)}, {Line(b)}, {Line(c)}", """ "discounts": [{"coupon_data": {"percent_off": 33.33}}]""");
        // 33.33 % of 1000 = 333.3 → 333, split 333 : 333 : 334 by largest remainder.
        AssertTotals(session, 1000, 333, 0, 0, 0);
        var perLine = session.GetProperty("line_items").EnumerateArray().Select(l => Long(l, "amount_discount")).ToList();
        Assert.Equal(333, perLine.Sum());
        Assert.Equal([111, 111, 111], perLine);
    }

    [Fact]
    public async Task Discounts_NeverTakeALineBelowZero_AndStackInOrder()
    {
        var cheap = await _merchant.CreatePriceAsync(1000);
        var dear = await _merchant.CreatePriceAsync(4000);
        var cheapProduct = await Paid.ProductOfAsync(_merchant, cheap);
        var session = await CreatedAsync($"{Line(cheap)}, {Line(dear)}", $$"""
            "shipping_options": {"shipping_rate_data": {"display_name": "Courier", "amount": 700} },
            "discounts": [
              {"coupon_data": {"name": "Way too much", "amount_off": 999999, "applies_to": {"products": ["{{cheapProduct}}"]} } },
              {"coupon_data": {"name": "Half", "percent_off": 50} }]
            """);
        // The first takes only the 1000 the cheap line has; the second halves what is left (4000 on the other line).
        AssertTotals(session, 5000, 3000, 700, 0, 0);
        var lines = session.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal([0, 2000], lines.Select(l => Long(l, "amount_total")));
        Assert.Equal([1000, 2000], session.GetProperty("discounts").EnumerateArray().Select(d => Long(d, "amount")));
        Assert.Equal(2700, Long(session, "amount_total"));
    }

    [Fact]
    public async Task Coupons_AreStoredAndReadable_AndUsedById()
    {
        var price = await _merchant.CreatePriceAsync(3000);
        using var api = _merchant.Api();
        var coupon = (await (await api.PostAsync("/v1/coupons", Json.Body(
            $$"""{"coupon": {"name": "Spring", "percent_off": 12.5, "applies_to": {"prices": ["{{price}}"]}, "duration": "once", "max_redemptions": 1, "metadata": {"campaign": "spring"} } }"""))).ReadJsonAsync()).GetProperty("coupon");
        var couponId = coupon.GetProperty("coupon_id").GetString()!;
        Assert.Equal(12.5m, coupon.GetProperty("percent_off").GetDecimal());
        Assert.Equal(JsonValueKind.Null, coupon.GetProperty("amount_off").ValueKind);
        Assert.True(coupon.GetProperty("valid").GetBoolean());
        Assert.Equal(0, Long(coupon, "times_redeemed"));

        var fetched = (await (await api.GetAsync($"/v1/coupons/{couponId}")).ReadJsonAsync()).GetProperty("coupon");
        Assert.Equal("spring", fetched.GetProperty("metadata").GetProperty("campaign").GetString());
        Assert.Contains(await api.ListAsync("/v1/coupons", "coupons"), c => c.GetProperty("coupon_id").GetString() == couponId);

        var session = await CreatedAsync(Line(price), $$"""
            "discounts": [{"coupon_id": "{{couponId}}"}]
            """);
        AssertTotals(session, 3000, 375, 0, 0, 0);

        // A paid session redeems it; at max_redemptions it is no longer valid for new sessions.
        await Paid.PayAsync(_merchant, session.Id());
        var redeemed = (await (await api.GetAsync($"/v1/coupons/{couponId}")).ReadJsonAsync()).GetProperty("coupon");
        Assert.Equal(1, Long(redeemed, "times_redeemed"));
        Assert.False(redeemed.GetProperty("valid").GetBoolean());
        var refused = await CreateAsync(Line(price), $$"""
            "discounts": [{"coupon": "{{couponId}}"}]
            """);
        await ApiAssert.ErrorAsync(refused, HttpStatusCode.UnprocessableEntity, "invalid_request_error", "coupon_expired", "discounts[0].coupon_id");
    }

    [Fact]
    public async Task ShippingRates_AreStoredAndUsedById_InlineOnesBecomeStoredToo()
    {
        var price = await _merchant.CreatePriceAsync(1000);
        using var api = _merchant.Api();
        var rate = (await (await api.PostAsync("/v1/shipping_rates", Json.Body(
            """{"shipping_rate": {"display_name": "Standard Shipping", "amount": 500}}"""))).ReadJsonAsync()).GetProperty("shipping_rate");
        var rateId = rate.GetProperty("shipping_rate_id").GetString()!;
        Assert.StartsWith("fshr_", rateId);
        Assert.Equal("fixed_amount", rate.GetProperty("type").GetString());

        var session = await CreatedAsync(Line(price), $$"""
            "shipping_options": [{"shipping_rate_id": "{{rateId}}"}, {"shipping_rate_data": {"display_name": "Express", "type": "fixed_amount", "fixed_amount": {"amount": 1500, "currency": "usd"} } }]
            """);
        AssertTotals(session, 1000, 0, 500, 0, 0);
        var offered = session.GetProperty("available_shipping_options").EnumerateArray().ToList();
        Assert.Equal(["Standard Shipping", "Express"], offered.Select(o => o.GetProperty("display_name").GetString()));
        Assert.Equal(rateId, session.GetProperty("shipping_options").GetProperty("shipping_rate_id").GetString());
        var inline = offered[1].GetProperty("shipping_rate_id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/v1/shipping_rates/{inline}")).StatusCode);

        // The test helper picks another option headlessly: the charge follows the new total.
        var paid = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{session.Id()}/pay", Json.Body($$"""{"shipping_rate": "{{inline}}"}"""));
        var completed = (await paid.ReadJsonAsync()).GetProperty("checkout_session");
        AssertTotals(completed, 1000, 0, 1500, 0, 0);
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal(2500, Long(intent, "amount_received"));
    }

    [Fact]
    public async Task AmountOffInAnotherCurrency_Is400CurrencyMismatch_WithoutACurrencyItIsTheSessions()
    {
        var price = await _merchant.CreatePriceAsync(1000, currency: "jpy");
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), """ "discounts": [{"coupon_data": {"amount_off": 100, "currency": "usd"}}] """),
            HttpStatusCode.BadRequest, "invalid_request_error", "currency_mismatch", "discounts[0]");
        var session = await CreatedAsync(Line(price), """ "discounts": [{"coupon_data": {"amount_off": 100}}] """);
        AssertTotals(session, 1000, 100, 0, 0, 0); // ¥100 off ¥1000
    }

    [Fact]
    public async Task AllowPromotionCodesAndCaptureMethod_AreEchoed()
    {
        var price = await _merchant.CreatePriceAsync(1000);
        var session = await CreatedAsync(Line(price), """ "allow_promotion_codes": true, "capture_method": "manual", "shipping_address_collection": true""");
        Assert.True(session.GetProperty("allow_promotion_codes").GetBoolean());
        Assert.Equal("manual", session.GetProperty("capture_method").GetString());
        Assert.True(session.GetProperty("shipping_address_collection").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("shipping_details").ValueKind);
        var plain = await CreatedAsync(Line(price));
        Assert.False(plain.GetProperty("allow_promotion_codes").GetBoolean());
        Assert.Equal("automatic", plain.GetProperty("capture_method").GetString());
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("tax_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("shipping_options").ValueKind);
    }

    [Theory]
    [InlineData(""" "tax_rate": {"amount": 999999999999}""", "tax_rate.amount")]
    [InlineData(""" "shipping_options": [{"shipping_rate_data": {"display_name": "Cheap", "amount": 1}}, {"shipping_rate_data": {"display_name": "Dear", "amount": 999999999999}}]""", "shipping_options")]
    [InlineData(""" "fees": [{"amount": 600000000000, "name": "a", "fee_type": "custom"}, {"amount": 600000000000, "name": "b", "fee_type": "custom"}]""", "fees")]
    public async Task TotalsPastTheLimit_Are400AmountTooLarge_AndStoreNothing(string extras, string param)
    {
        var price = await _merchant.CreatePriceAsync(5000);
        var response = await CreateAsync(Line(price), extras);
        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large", param);
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Theory]
    [InlineData(""" "discounts": [{"coupon_data": {"amount_off": 100, "percent_off": 10}}]""", "parameter_conflict", "discounts[0].coupon_data.percent_off")]
    [InlineData(""" "discounts": [{"coupon_data": {"name": "none"}}]""", "parameter_missing", "discounts[0].coupon_data.amount_off")]
    [InlineData(""" "discounts": [{"coupon_data": {"percent_off": 12.345}}]""", "parameter_out_of_range", "discounts[0].coupon_data.percent_off")]
    [InlineData(""" "discounts": [{"coupon_data": {"percent_off": 101}}]""", "parameter_out_of_range", "discounts[0].coupon_data.percent_off")]
    [InlineData(""" "discounts": [{"promotion_code": "fpromo_a"}, {"promotion_code": "fpromo_b"}]""", "parameter_invalid", "discounts")]
    [InlineData(""" "discounts": [{"promotion_code": "fpromo_a", "coupon_data": {"percent_off": 5}}]""", "parameter_conflict", "discounts[0].coupon_data")]
    [InlineData(""" "fees": [{"amount": 100, "fee_type": "percentage"}]""", "parameter_invalid_string", "fees[0].fee_type")]
    [InlineData(""" "fees": [{"name": "no amount"}]""", "parameter_missing", "fees[0].amount")]
    [InlineData(""" "tax_rate": {"amount": -1}""", "parameter_out_of_range", "tax_rate.amount")]
    [InlineData(""" "tax_rate": {"amount": 100, "percentage": 8}""", "parameter_unknown", "tax_rate.percentage")]
    [InlineData(""" "shipping_options": [{}]""", "parameter_missing", "shipping_options[0].shipping_rate_id")]
    [InlineData(""" "shipping_options": {"shipping_rate_data": {"amount": 100}}""", "parameter_missing", "shipping_options.shipping_rate_data.display_name")]
    [InlineData(""" "capture_method": "later" """, "parameter_invalid_string", "capture_method")]
    [InlineData(""" "shipping_address_collection": {"allowed_countries": ["USA"]}""", "parameter_invalid_array", "shipping_address_collection.allowed_countries")]
    public async Task BadExtras_Are400NamingTheField(string extras, string code, string param)
    {
        var price = await _merchant.CreatePriceAsync(1000);
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), extras), HttpStatusCode.BadRequest, "invalid_request_error", code, param);
    }

    [Fact]
    public async Task PromotionCodes_ById_ApplyAfterTheOtherDiscounts_AreNamedOnTheDiscount_AndUnusableOnesAreRefused()
    {
        using var api = _merchant.Api();
        async Task<string> PromoAsync(string code, string fields = "")
        {
            var coupon = (await (await api.PostJsonAsync("/v1/coupons", """{"coupon": {"percent_off": 10}}""")).ReadJsonAsync())
                .GetProperty("coupon").GetProperty("coupon_id").GetString();
            var promo = await (await api.PostJsonAsync("/v1/promo_codes", $$"""{"promo_code": {"coupon_id": "{{coupon}}", "code": "{{code}}" {{fields}} } }""")).ReadJsonAsync();
            return promo.GetProperty("promo_code").GetProperty("promo_code_id").GetString()!;
        }
        var price = await _merchant.CreatePriceAsync(1000);
        var tenPercent = await PromoAsync("TEN");
        var bigSpend = await PromoAsync("BIG", """, "restrictions": {"minimum_amount": 5000, "minimum_amount_currency": "usd"}""");

        var session = await CreatedAsync(Line(price, 2), $$"""
            "discounts": [{"coupon_data": {"amount_off": 500} }, {"promotion_code": "{{tenPercent}}"}]
            """);

        Assert.Equal(1350, session.GetProperty("amount_total").GetInt64()); // 2000 − 500, then 10 % of 1500
        Assert.Equal(tenPercent, session.GetProperty("discounts")[1].GetProperty("promotion_code").GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("discounts")[0].GetProperty("promotion_code").ValueKind);
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), $$""" "discounts": [{"promotion_code": "{{bigSpend}}"}]"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "promotion_code_invalid", "discounts[0].promotion_code");
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), """ "discounts": [{"promotion_code": "fpromo_01HW6FC7ZYWNW4XFSE1KMD8JDW"}]"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "promo_code_not_found", "discounts[0].promotion_code");
        Assert.Single(await _merchant.SessionsAsync());

        // Paying counts the redemption; the code then reached no limit, so another session may use it.
        using var pay = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{session.Id()}/pay", null);
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        var promo = await (await api.GetAsync($"/v1/promo_codes/{tenPercent}")).ReadJsonAsync();
        Assert.Equal(1, promo.GetProperty("promo_code").GetProperty("times_redeemed").GetInt64());
    }

    [Fact]
    public async Task UnknownOrUnusableObjects_Are422()
    {
        var price = await _merchant.CreatePriceAsync(1000);
        var otherPrice = await _merchant.CreatePriceAsync(2000);
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), """ "discounts": [{"coupon_id": "fcoup_01HW6FC7ZYWNW4XFSE1KMD8JDW"}]"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "coupon_not_found", "discounts[0].coupon_id");
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), """ "shipping_options": [{"shipping_rate_id": "fshr_01HW6FC7ZYWNW4XFSE1KMD8JDW"}]"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "shipping_rate_not_found", "shipping_options[0].shipping_rate_id");
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), $$"""
            "discounts": [{"coupon_data": {"amount_off": 100, "applies_to": {"prices": ["{{otherPrice}}"]} } }]
            """), HttpStatusCode.UnprocessableEntity, "invalid_request_error", "coupon_not_applicable", "discounts[0]");
        // Another merchant's coupon does not exist for this one.
        var other = await _app.CreateMerchantAsync("Other shop");
        using var otherApi = other.Api();
        var theirs = (await (await otherApi.PostAsync("/v1/coupons", Json.Body("""{"coupon": {"amount_off": 100}}"""))).ReadJsonAsync())
            .GetProperty("coupon").GetProperty("coupon_id").GetString();
        using var api = _merchant.Api();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/coupons/{theirs}")).StatusCode);
        await ApiAssert.ErrorAsync(await CreateAsync(Line(price), $$"""
            "discounts": [{"coupon_id": "{{theirs}}"}]
            """), HttpStatusCode.UnprocessableEntity, "invalid_request_error", "coupon_not_found", "discounts[0].coupon_id");
    }
}

public sealed class CheckoutExtrasTestsOnSqlite() : CheckoutExtrasTests(DatabaseProvider.Sqlite);
public sealed class CheckoutExtrasTestsOnPostgres() : CheckoutExtrasTests(DatabaseProvider.Postgres);
