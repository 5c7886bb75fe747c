using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.PromoCodes;

/// <summary>Contract section 12, promotion codes over HTTP: Stripe's promotion_code with Flex's naming, codes unique
/// regardless of case among an account's active codes (409 naming the first, also under concurrent creates), lookup by
/// code in any case, update by PATCH and POST, bad input as a 4xx that stores nothing, and one account's codes unseen by
/// another.</summary>
public abstract class PromoCodesApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HttpClient _api = null!;
    string _coupon = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _api = _merchant.Api();
        _coupon = (await BodyAsync(await _api.PostJsonAsync("/v1/coupons", """{"coupon": {"percent_off": 10}}"""), HttpStatusCode.OK))
            .GetProperty("coupon").GetProperty("coupon_id").GetString()!;
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

    async Task<JsonElement> CreateAsync(string fields) =>
        (await BodyAsync(await _api.PostJsonAsync("/v1/promo_codes", $$$"""{"promo_code": {"coupon_id": "{{{_coupon}}}", {{{fields}}} }}"""),
            HttpStatusCode.OK)).GetProperty("promo_code");

    async Task<List<string>> ListAsync(string query = "") =>
        (await BodyAsync(await _api.GetAsync($"/v1/promo_codes{query}"), HttpStatusCode.OK)).GetProperty("promo_codes").EnumerateArray()
            .Select(p => p.GetProperty("promo_code_id").GetString()!).ToList();

    [Fact]
    public async Task Create_AnswersTheShape_AndGetAnswersTheSame()
    {
        var expires = TestApp.Start.AddDays(7).ToUnixTimeSeconds();
        var promo = await CreateAsync($$"""
            "code": "Spring10", "max_redemptions": 3, "expires_at": {{expires}},
            "restrictions": {"first_time_transaction": true, "minimum_amount": 2000, "minimum_amount_currency": "USD"},
            "metadata": {"campaign": "spring"}
            """);

        var id = promo.GetProperty("promo_code_id").GetString()!;
        Assert.StartsWith("fpromo_", id);
        Assert.Equal("Spring10", promo.GetProperty("code").GetString());
        Assert.Equal(_coupon, promo.GetProperty("coupon_id").GetString());
        Assert.Equal(_coupon, promo.GetProperty("coupon").GetProperty("coupon_id").GetString());
        Assert.True(promo.GetProperty("active").GetBoolean());
        Assert.Equal(3, promo.GetProperty("max_redemptions").GetInt64());
        Assert.Equal(0, promo.GetProperty("times_redeemed").GetInt64());
        Assert.Equal(expires, promo.GetProperty("expires_at").GetInt64());
        var restrictions = promo.GetProperty("restrictions");
        Assert.True(restrictions.GetProperty("first_time_transaction").GetBoolean());
        Assert.Equal(2000, restrictions.GetProperty("minimum_amount").GetInt64());
        Assert.Equal("usd", restrictions.GetProperty("minimum_amount_currency").GetString());
        Assert.Equal("spring", promo.GetProperty("metadata").GetProperty("campaign").GetString());
        Assert.Equal(TestApp.Start.ToUnixTimeSeconds(), promo.GetProperty("created_at").GetInt64());
        Assert.True(promo.GetProperty("test_mode").GetBoolean());

        var fetched = (await BodyAsync(await _api.GetAsync($"/v1/promo_codes/{id}"), HttpStatusCode.OK)).GetProperty("promo_code");
        Assert.Equal(promo.GetRawText(), fetched.GetRawText());
    }

    [Theory]
    [InlineData("SPRING10")]
    [InlineData("spring10")]
    [InlineData("Spring10")]
    public async Task AnActiveCodeSpeltTheSameInAnyCase_Is409NamingTheFirst_AndStoresNothing(string again)
    {
        var first = (await CreateAsync("\"code\": \"Spring10\"")).GetProperty("promo_code_id").GetString()!;

        var error = await ApiAssert.ErrorAsync(
            await _api.PostJsonAsync("/v1/promo_codes", $$$"""{"promo_code": {"coupon_id": "{{{_coupon}}}", "code": "{{{again}}}"}}"""),
            HttpStatusCode.Conflict, "invalid_request_error", "promo_code_exists", "code");
        Assert.Contains(first, error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal([first], await ListAsync());
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneCode_MakeOne_AndTheRestAre409()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var api = _merchant.Api();
            using var response = await api.PostJsonAsync("/v1/promo_codes",
                $$$"""{"promo_code": {"coupon_id": "{{{_coupon}}}", "code": "{{{(i % 2 == 0 ? "race" : "RACE")}}}"}}""");
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.Conflict));
        Assert.Single(await ListAsync("?code=Race"));
    }

    [Fact]
    public async Task List_IsNewestFirst_AndFiltersByCodeInAnyCase_ActiveAndCoupon()
    {
        var a = (await CreateAsync("\"code\": \"ALPHA\"")).GetProperty("promo_code_id").GetString()!;
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = (await CreateAsync("\"code\": \"beta\", \"active\": false")).GetProperty("promo_code_id").GetString()!;
        var otherCoupon = (await BodyAsync(await _api.PostJsonAsync("/v1/coupons", """{"coupon": {"amount_off": 500}}"""), HttpStatusCode.OK))
            .GetProperty("coupon").GetProperty("coupon_id").GetString()!;
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var c = (await BodyAsync(await _api.PostJsonAsync("/v1/promo_codes", $$$"""{"promo_code": {"coupon_id": "{{{otherCoupon}}}", "code": "Gamma"}}"""),
            HttpStatusCode.OK)).GetProperty("promo_code").GetProperty("promo_code_id").GetString()!;

        Assert.Equal([c, b, a], await ListAsync());
        Assert.Equal([a], await ListAsync("?code=alpha"));
        Assert.Equal([b], await ListAsync("?code=BETA"));
        Assert.Equal([c, a], await ListAsync("?active=true"));
        Assert.Equal([b], await ListAsync("?active=false"));
        Assert.Equal([c], await ListAsync($"?coupon={otherCoupon}"));
        await ApiAssert.ErrorAsync(await _api.GetAsync("/v1/promo_codes?active=maybe"), HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid");
    }

    [Fact]
    public async Task Update_ByPatchOrPost_ChangesActiveAndMetadata_AndReactivatingATakenCodeIs409()
    {
        var first = (await CreateAsync("\"code\": \"SAVE\"")).GetProperty("promo_code_id").GetString()!;

        var patched = (await BodyAsync(await _api.PatchJsonAsync($"/v1/promo_codes/{first}", """{"promo_code": {"active": false, "metadata": {"k": "v"}}}"""),
            HttpStatusCode.OK)).GetProperty("promo_code");
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("v", patched.GetProperty("metadata").GetProperty("k").GetString());

        // The code is free again while the first is inactive; bringing the first back would make two.
        var second = (await CreateAsync("\"code\": \"save\"")).GetProperty("promo_code_id").GetString()!;
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/promo_codes/{first}", """{"promo_code": {"active": true}}"""),
            HttpStatusCode.Conflict, "invalid_request_error", "promo_code_exists", "code");

        await BodyAsync(await _api.PostJsonAsync($"/v1/promo_codes/{second}", """{"promo_code": {"active": false}}"""), HttpStatusCode.OK);
        var back = (await BodyAsync(await _api.PostJsonAsync($"/v1/promo_codes/{first}", """{"promo_code": {"active": true}}"""), HttpStatusCode.OK))
            .GetProperty("promo_code");
        Assert.True(back.GetProperty("active").GetBoolean());
        Assert.Equal("v", back.GetProperty("metadata").GetProperty("k").GetString());

        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/promo_codes/{first}", """{"promo_code": {"code": "OTHER"}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown");
    }

    [Theory]
    [InlineData("""{"promo_code": {"code": "X1"}}""", "parameter_missing")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON"}}""", "parameter_missing")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "has space"}}""", "code_invalid")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "  "}}""", "code_invalid")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "X1", "max_redemptions": 0}}""", "parameter_out_of_range")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "X1", "expires_at": 1000}}""", "parameter_out_of_range")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "X1", "restrictions": {"minimum_amount": -5}}}""", "parameter_out_of_range")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "X1", "restrictions": {"maximum": 5}}}""", "parameter_unknown")]
    [InlineData("""{"promo_code": {"coupon_id": "COUPON", "code": "X1", "active": "yes"}}""", "parameter_invalid_boolean")]
    public async Task BadInput_Is400_AndStoresNothing(string json, string code)
    {
        using var response = await _api.PostJsonAsync("/v1/promo_codes", json.Replace("COUPON", _coupon));
        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", code);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task AnUnknownCoupon_Is422_AndAnUnknownCodeIs404()
    {
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync("/v1/promo_codes", """{"promo_code": {"coupon_id": "fcoup_nope", "code": "X1"}}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "coupon_not_found");
        await ApiAssert.ErrorAsync(await _api.GetAsync("/v1/promo_codes/fpromo_nope"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task AnotherAccount_NeitherSeesTheCodes_NorUsesTheCoupon_AndMayUseTheSameCode()
    {
        var id = (await CreateAsync("\"code\": \"SHARED\"")).GetProperty("promo_code_id").GetString()!;
        var other = await _app.CreateMerchantAsync("Other shop");
        using var otherApi = other.Api();

        await ApiAssert.ErrorAsync(await otherApi.GetAsync($"/v1/promo_codes/{id}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await otherApi.PostJsonAsync($"/v1/promo_codes/{id}", """{"promo_code": {"active": false}}"""),
            HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await otherApi.PostJsonAsync("/v1/promo_codes", $$$"""{"promo_code": {"coupon_id": "{{{_coupon}}}", "code": "OWN"}}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "coupon_not_found");
        var list = (await BodyAsync(await otherApi.GetAsync("/v1/promo_codes"), HttpStatusCode.OK)).GetProperty("promo_codes");
        Assert.Equal(0, list.GetArrayLength());

        var ownCoupon = (await BodyAsync(await otherApi.PostJsonAsync("/v1/coupons", """{"coupon": {"amount_off": 100}}"""), HttpStatusCode.OK))
            .GetProperty("coupon").GetProperty("coupon_id").GetString()!;
        await BodyAsync(await otherApi.PostJsonAsync("/v1/promo_codes", $$$"""{"promo_code": {"coupon_id": "{{{ownCoupon}}}", "code": "shared"}}"""), HttpStatusCode.OK);
        Assert.True((await BodyAsync(await _api.GetAsync($"/v1/promo_codes/{id}"), HttpStatusCode.OK)).GetProperty("promo_code").GetProperty("active").GetBoolean());
    }
}

public sealed class PromoCodesApiTestsOnSqlite() : PromoCodesApiTests(DatabaseProvider.Sqlite);

public sealed class PromoCodesApiTestsOnPostgres() : PromoCodesApiTests(DatabaseProvider.Postgres);
