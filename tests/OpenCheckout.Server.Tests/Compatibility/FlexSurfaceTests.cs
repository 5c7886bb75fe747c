using System.Net;

namespace OpenCheckout.Server.Tests.Compatibility;

/// <summary>Flex endpoints and fields this server does not implement, and the contract's errors they get
/// (the "not supported" rows of docs/compatibility.md).</summary>
public abstract class FlexSurfaceTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("DELETE", "/v1/coupons/fcoup_01HW6FC7ZYWNW4XFSE1KMD8JDW", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    [InlineData("POST", "/v1/shipping_rates/fshr_01HW6FC7ZYWNW4XFSE1KMD8JDW", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    public async Task UnimplementedEndpoints_AnswerWithTheContractsErrorShape(string method, string path, HttpStatusCode status, string code)
    {
        using var api = _merchant.Api();
        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json.Body("{}") });
        await ApiAssert.ErrorAsync(response, status, "invalid_request_error", code);
    }

    [Theory]
    [InlineData(""" "payment_intent_data": {"capture_method": "manual"} """, "parameter_unknown", "payment_intent_data")]
    [InlineData(""" "letter_of_medical_necessity_required": true """, "parameter_unknown", "letter_of_medical_necessity_required")]
    public async Task UnimplementedSessionFields_Are400NamingTheField(string field, string code, string param)
    {
        var price = await _merchant.CreatePriceAsync(1000);
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body(
            $$"""{"success_url": "https://shop.example/ok", "line_items": [{"price": "{{price}}", "quantity": 1}], {{field}} }"""));
        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", code, param);
    }

    [Theory]
    [InlineData(""" "hsa_fsa_eligibility": "eligible" """, "hsa_fsa_eligibility")]
    public async Task UnimplementedPriceFields_Are400ParameterUnknown(string field, string param)
    {
        using var api = _merchant.Api();
        var product = (await (await api.PostAsync("/v1/products", Json.Body("""{"name": "Plan"}"""))).ReadJsonAsync())
            .GetProperty("product").GetProperty("product_id").GetString();
        var response = await api.PostAsync("/v1/prices", Json.Body($$"""{"price": {"product": "{{product}}", "unit_amount": 1000, {{field}} } }"""));
        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", param);
    }

    [Fact]
    public async Task InlinePriceData_IsRefused_AmountsComeOnlyFromStoredPrices()
    {
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body(
            """{"success_url": "https://shop.example/ok", "line_items": [{"price_data": {"unit_amount": 100, "currency": "usd"}, "quantity": 1}]}"""));
        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing");
        Assert.Contains("line_items[0].price_data", ApiAssert.DetailParams(body));
    }
}

public sealed class FlexSurfaceTestsOnSqlite() : FlexSurfaceTests(DatabaseProvider.Sqlite);
public sealed class FlexSurfaceTestsOnPostgres() : FlexSurfaceTests(DatabaseProvider.Postgres);
