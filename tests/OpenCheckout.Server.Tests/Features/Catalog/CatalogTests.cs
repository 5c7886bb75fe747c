using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Catalog;

/// <summary>Contract section 6: products and prices over HTTP.</summary>
public abstract class CatalogTests(DatabaseProvider provider) : IAsyncLifetime
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

    async Task<JsonElement> OkAsync(HttpResponseMessage response, string name)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone().GetProperty(name);
    }

    async Task<string> CreateProductAsync(string json = """{"name":"Mug"}""") =>
        (await OkAsync(await _api.PostJsonAsync("/v1/products", json), "product")).GetProperty("product_id").GetString()!;

    async Task<JsonElement> CreatePriceAsync(string product, long unitAmount = 1200, string extra = "") =>
        await OkAsync(await _api.PostJsonAsync("/v1/prices", $$"""{"product":"{{product}}","unit_amount":{{unitAmount}}{{extra}}}"""), "price");

    async Task<JsonElement> GetPriceAsync(string id) => await OkAsync(await _api.GetAsync($"/v1/prices/{id}"), "price");

    [Fact]
    public async Task CreateProduct_ReturnsProductWithDefaults()
    {
        var product = await OkAsync(await _api.PostJsonAsync("/v1/products", """{"name":"Mug","description":"Blue","metadata":{"sku":"M-1"}}"""),
            "product");

        Assert.StartsWith("fprod_", product.GetProperty("product_id").GetString());
        Assert.Equal("Mug", product.GetProperty("name").GetString());
        Assert.Equal("Blue", product.GetProperty("description").GetString());
        Assert.True(product.GetProperty("active").GetBoolean());
        Assert.Equal("M-1", product.GetProperty("metadata").GetProperty("sku").GetString());
        Assert.Equal("not_eligible", product.GetProperty("hsa_fsa_eligibility").GetString());
        Assert.True(product.GetProperty("test_mode").GetBoolean());
        Assert.Equal(TestApp.Start.ToUnixTimeSeconds(), product.GetProperty("created_at").GetInt64());
    }

    [Fact]
    public async Task CreateProduct_WrappedForm_IsAccepted()
    {
        var product = await OkAsync(await _api.PostJsonAsync("/v1/products", """{"product":{"name":"Mug","upc_code":"012345678905"}}"""), "product");

        Assert.Equal("Mug", product.GetProperty("name").GetString());
        Assert.Equal("012345678905", product.GetProperty("upc_code").GetString());
    }

    [Fact]
    public async Task GetProduct_ReturnsWhatWasCreated()
    {
        var id = await CreateProductAsync("""{"name":"Mug","url":"https://shop.example/mug","categories":["kitchen"]}""");

        var product = await OkAsync(await _api.GetAsync($"/v1/products/{id}"), "product");

        Assert.Equal(id, product.GetProperty("product_id").GetString());
        Assert.Equal("https://shop.example/mug", product.GetProperty("url").GetString());
        Assert.Equal(["kitchen"], ApiAssert.Strings(product.GetProperty("categories")));
    }

    [Theory]
    [InlineData("{}", "parameter_missing", "name")]
    [InlineData("""{"name":""}""", "parameter_invalid_empty", "name")]
    [InlineData("""{"name":7}""", "parameter_invalid_string", "name")]
    [InlineData("""{"name":"Mug","colour":"blue"}""", "parameter_unknown", "colour")]
    [InlineData("""{"name":"Mug","active":"yes"}""", "parameter_invalid_boolean", "active")]
    public async Task CreateProduct_WithBadInput_Returns400NamingParamAndStoresNothing(string json, string code, string param)
    {
        var response = await _api.PostJsonAsync("/v1/products", json);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", code, param);
        Assert.Empty(await _api.ListAsync("/v1/products", "products"));
    }

    [Fact]
    public async Task ListProducts_NewestFirstAndFilteredByActive()
    {
        var first = await CreateProductAsync("""{"name":"First"}""");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var retired = await CreateProductAsync("""{"name":"Retired","active":false}""");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var last = await CreateProductAsync("""{"name":"Last"}""");

        var all = await _api.ListAsync("/v1/products", "products");
        var active = await _api.ListAsync("/v1/products?active=true", "products");
        var inactive = await _api.ListAsync("/v1/products?active=false", "products");

        static IEnumerable<string> Ids(JsonElement[] products) => products.Select(p => p.GetProperty("product_id").GetString()!);
        Assert.Equal([last, retired, first], Ids(all));
        Assert.Equal([last, first], Ids(active));
        Assert.Equal([retired], Ids(inactive));
    }

    [Fact]
    public async Task ListProducts_WithBadActiveFilter_Returns400NamingIt()
    {
        var response = await _api.GetAsync("/v1/products?active=maybe");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_boolean", "active");
    }

    [Fact]
    public async Task UpdateProduct_ByPatchAndByPost_ChangesOnlyTheFieldsSent()
    {
        var id = await CreateProductAsync("""{"name":"Mug","description":"Blue","metadata":{"sku":"M-1"}}""");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/products/{id}") { Content = Json.Body("""{"name":"Big mug"}""") };

        var patched = await OkAsync(await _api.SendAsync(patch), "product");
        var posted = await OkAsync(await _api.PostJsonAsync($"/v1/products/{id}", """{"active":false,"description":null}"""), "product");

        Assert.Equal("Big mug", patched.GetProperty("name").GetString());
        Assert.Equal("Blue", patched.GetProperty("description").GetString());
        Assert.Equal("Big mug", posted.GetProperty("name").GetString());
        Assert.False(posted.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, posted.GetProperty("description").ValueKind);
        Assert.Equal("M-1", posted.GetProperty("metadata").GetProperty("sku").GetString());
        var stored = await OkAsync(await _api.GetAsync($"/v1/products/{id}"), "product");
        Assert.Equal(posted.GetRawText(), stored.GetRawText());
    }

    [Fact]
    public async Task UpdateProduct_EchoingTheWholeObject_IsAccepted()
    {
        var id = await CreateProductAsync();
        var product = await OkAsync(await _api.GetAsync($"/v1/products/{id}"), "product");
        var echoed = JsonSerializer.Serialize(new { product = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(product.GetRawText()) });

        var response = await _api.PostJsonAsync($"/v1/products/{id}", echoed.Replace("\"Mug\"", "\"Renamed\""));

        Assert.Equal("Renamed", (await OkAsync(response, "product")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task UpdateProduct_Unknown_Returns404()
    {
        var response = await _api.PostJsonAsync("/v1/products/fprod_01JZZZZZZZZZZZZZZZZZZZZZZZ", """{"name":"x"}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }

    [Fact]
    public async Task GetProduct_Unknown_Returns404()
    {
        var response = await _api.GetAsync("/v1/products/fprod_01JZZZZZZZZZZZZZZZZZZZZZZZ");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }

    [Fact]
    public async Task CreatePrice_ReturnsPriceWithDefaults()
    {
        var product = await CreateProductAsync();

        var price = await CreatePriceAsync(product, 1200, ""","description":"Single","metadata":{"tier":"1"}""");

        Assert.StartsWith("fprice_", price.GetProperty("price_id").GetString());
        Assert.Equal(product, price.GetProperty("product").GetString());
        Assert.Equal(1200, price.GetProperty("unit_amount").GetInt64());
        Assert.Equal("usd", price.GetProperty("currency").GetString());
        Assert.Equal("Single", price.GetProperty("description").GetString());
        Assert.True(price.GetProperty("active").GetBoolean());
        Assert.Equal("one_time", price.GetProperty("type").GetString());
        Assert.Equal("1", price.GetProperty("metadata").GetProperty("tier").GetString());
        Assert.True(price.GetProperty("test_mode").GetBoolean());
        Assert.Equal(price.GetRawText(), (await GetPriceAsync(price.GetProperty("price_id").GetString()!)).GetRawText());
    }

    [Theory]
    [InlineData("jpy", 500)]
    [InlineData("kwd", 1500)]
    [InlineData("eur", 0)]
    public async Task CreatePrice_InOtherCurrencies_KeepsTheCurrency(string currency, long amount)
    {
        var product = await CreateProductAsync();

        var price = await CreatePriceAsync(product, amount, $$""","currency":"{{currency}}" """);

        Assert.Equal(currency, price.GetProperty("currency").GetString());
        Assert.Equal(amount, price.GetProperty("unit_amount").GetInt64());
    }

    [Fact]
    public async Task CreatePrice_WithUnknownProduct_Returns422AndStoresNothing()
    {
        var response = await _api.PostJsonAsync("/v1/prices", """{"product":"fprod_01JZZZZZZZZZZZZZZZZZZZZZZZ","unit_amount":100}""");

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "product_not_found", "product");
        Assert.Empty(await _api.ListAsync("/v1/prices", "prices"));
    }

    [Theory]
    [InlineData("""{"unit_amount":100}""", "parameter_missing", "product")]
    [InlineData("""{"product":"PRODUCT"}""", "parameter_missing", "unit_amount")]
    [InlineData("""{"product":"PRODUCT","unit_amount":-1}""", "parameter_out_of_range", "unit_amount")]
    [InlineData("""{"product":"PRODUCT","unit_amount":1000000000000}""", "parameter_out_of_range", "unit_amount")]
    [InlineData("""{"product":"PRODUCT","unit_amount":"100"}""", "parameter_invalid_integer", "unit_amount")]
    [InlineData("""{"product":"PRODUCT","unit_amount":12.5}""", "parameter_invalid_integer", "unit_amount")]
    [InlineData("""{"product":"PRODUCT","unit_amount":100,"currency":"dollars"}""", "parameter_invalid_string", "currency")]
    [InlineData("""{"product":"PRODUCT","unit_amount":100,"currency":"xyz"}""", "currency_invalid", "currency")]
    [InlineData("""{"product":"PRODUCT","unit_amount":100,"recurring":{"interval":"hourly"}}""", "parameter_invalid_string", "recurring.interval")]
    public async Task CreatePrice_WithBadInput_Returns400NamingParamAndStoresNothing(string json, string code, string param)
    {
        var product = await CreateProductAsync();

        var response = await _api.PostJsonAsync("/v1/prices", json.Replace("PRODUCT", product));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", code, param);
        Assert.Empty(await _api.ListAsync("/v1/prices", "prices"));
    }

    [Fact]
    public async Task ListPrices_FilteredByProductAndActive()
    {
        var mug = await CreateProductAsync("""{"name":"Mug"}""");
        var cap = await CreateProductAsync("""{"name":"Cap"}""");
        var mugPrice = (await CreatePriceAsync(mug, 1000)).GetProperty("price_id").GetString();
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var mugRetired = (await CreatePriceAsync(mug, 900, ""","active":false""")).GetProperty("price_id").GetString();
        var capPrice = (await CreatePriceAsync(cap, 500)).GetProperty("price_id").GetString();

        static IEnumerable<string?> Ids(JsonElement[] prices) => prices.Select(p => p.GetProperty("price_id").GetString());
        Assert.Equal([mugRetired, mugPrice], Ids(await _api.ListAsync($"/v1/prices?product={mug}", "prices")));
        Assert.Equal([mugPrice], Ids(await _api.ListAsync($"/v1/prices?product={mug}&active=true", "prices")));
        Assert.Equal([capPrice], Ids(await _api.ListAsync($"/v1/prices?product={cap}", "prices")));
        Assert.Equal(3, (await _api.ListAsync("/v1/prices", "prices")).Length);
    }

    [Fact]
    public async Task UpdatePrice_WithDifferentUnitAmount_Returns400AndChangesNothing()
    {
        var price = await CreatePriceAsync(await CreateProductAsync(), 1200);
        var id = price.GetProperty("price_id").GetString()!;

        var response = await _api.PostJsonAsync($"/v1/prices/{id}", """{"unit_amount":999,"description":"cheaper"}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_immutable", "unit_amount");
        Assert.Equal(price.GetRawText(), (await GetPriceAsync(id)).GetRawText());
    }

    [Fact]
    public async Task UpdatePrice_WithDifferentCurrency_Returns400AndChangesNothing()
    {
        var price = await CreatePriceAsync(await CreateProductAsync(), 1200);
        var id = price.GetProperty("price_id").GetString()!;

        var response = await _api.PostJsonAsync($"/v1/prices/{id}", """{"currency":"eur"}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_immutable", "currency");
        Assert.Equal(price.GetRawText(), (await GetPriceAsync(id)).GetRawText());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("1200")]
    public async Task UpdatePrice_WithNullOrEqualUnitAmount_Returns200AndAppliesTheRest(string unitAmount)
    {
        var product = await CreateProductAsync();
        var otherProduct = await CreateProductAsync("""{"name":"Other"}""");
        var id = (await CreatePriceAsync(product, 1200)).GetProperty("price_id").GetString()!;

        var response = await _api.PostJsonAsync($"/v1/prices/{id}", $$"""
            {"price":{"product":"{{otherProduct}}","unit_amount":{{unitAmount}},"active":false,"description":"Retired","metadata":{"why":"old"} } }
            """);

        var updated = await OkAsync(response, "price");
        Assert.False(updated.GetProperty("active").GetBoolean());
        Assert.Equal("Retired", updated.GetProperty("description").GetString());
        Assert.Equal("old", updated.GetProperty("metadata").GetProperty("why").GetString());
        Assert.Equal(1200, updated.GetProperty("unit_amount").GetInt64());
        Assert.Equal(product, updated.GetProperty("product").GetString());
        Assert.Equal(updated.GetRawText(), (await GetPriceAsync(id)).GetRawText());
    }

    [Fact]
    public async Task UpdatePrice_ByPatch_IsAccepted()
    {
        var id = (await CreatePriceAsync(await CreateProductAsync(), 1200)).GetProperty("price_id").GetString()!;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/prices/{id}") { Content = Json.Body("""{"active":false}""") };

        var updated = await OkAsync(await _api.SendAsync(patch), "price");

        Assert.False(updated.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task UpdatePrice_WithUnknownField_Returns400AndChangesNothing()
    {
        var price = await CreatePriceAsync(await CreateProductAsync(), 1200);
        var id = price.GetProperty("price_id").GetString()!;

        var response = await _api.PostJsonAsync($"/v1/prices/{id}", """{"active":false,"nickname":"x"}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "nickname");
        Assert.True((await GetPriceAsync(id)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task UpdatePrice_Unknown_Returns404()
    {
        var response = await _api.PostJsonAsync("/v1/prices/fprice_01JZZZZZZZZZZZZZZZZZZZZZZZ", """{"active":false}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }

    [Fact]
    public async Task DeactivatedPrice_CanBeReactivatedAndUsedAgain()
    {
        var id = (await CreatePriceAsync(await CreateProductAsync(), 1200)).GetProperty("price_id").GetString()!;
        await OkAsync(await _api.PostJsonAsync($"/v1/prices/{id}", """{"active":false}"""), "price");
        await OkAsync(await _api.PostJsonAsync($"/v1/prices/{id}", """{"active":true}"""), "price");

        var session = await _merchant.CreateSessionAsync(id);

        Assert.Equal(1200, session.GetProperty("amount_total").GetInt64());
    }
}

public sealed class CatalogTestsOnSqlite() : CatalogTests(DatabaseProvider.Sqlite);
public sealed class CatalogTestsOnPostgres() : CatalogTests(DatabaseProvider.Postgres);
