using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Subscriptions;

/// <summary>Contract section 13, prices: <c>recurring</c> in Flex's or Stripe's spelling, a trial, <c>type</c>; a recurring price
/// belongs in a subscription-mode session only.</summary>
public abstract class RecurringPricesTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    HttpClient _api = null!;
    string _product = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        _api = _merchant.Api();
        _product = (await (await _api.PostJsonAsync("/v1/products", """{"product": {"name": "Coaching"}}""")).ReadJsonAsync())
            .GetProperty("product").GetProperty("product_id").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    Task<HttpResponseMessage> CreateAsync(string fields) =>
        _api.PostJsonAsync("/v1/prices", $$"""{"price": {"product": "{{_product}}", "unit_amount": 1500, {{fields}} } }""");

    [Fact]
    public async Task ARecurringPrice_ReadsBackInFlexsSpelling_WithItsTrialInBothPlaces()
    {
        var response = await CreateAsync("""
            "recurring": {"interval": "month", "interval_count": 3, "trial_period_days": 14}
            """);
        var price = (await response.ReadJsonAsync()).GetProperty("price");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("recurring", price.GetProperty("type").GetString());
        var recurring = price.GetProperty("recurring");
        Assert.Equal(("monthly", 3, 14), (recurring.GetProperty("interval").GetString(), recurring.GetProperty("interval_count").GetInt32(),
            recurring.GetProperty("trial_period_days").GetInt32()));
        Assert.Equal(14, price.GetProperty("trial_period_days").GetInt32());
        var fetched = (await (await _api.GetAsync($"/v1/prices/{price.GetProperty("price_id").GetString()}")).ReadJsonAsync()).GetProperty("price");
        Assert.Equal(price.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task FlexsOwnSpelling_AndTheTrialBesideRecurring_AreAccepted()
    {
        var price = (await (await CreateAsync("""
            "type": "recurring", "recurring": {"interval": "yearly"}, "trial_period_days": 30
            """)).ReadJsonAsync()).GetProperty("price");

        Assert.Equal(("yearly", 1, 30), (price.GetProperty("recurring").GetProperty("interval").GetString(),
            price.GetProperty("recurring").GetProperty("interval_count").GetInt32(), price.GetProperty("trial_period_days").GetInt32()));
    }

    [Fact]
    public async Task AOneTimePrice_SaysSo_WithNoRecurring()
    {
        var price = (await (await CreateAsync("\"currency\": \"usd\"")).ReadJsonAsync()).GetProperty("price");

        Assert.Equal("one_time", price.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, price.GetProperty("recurring").ValueKind);
        Assert.Equal(JsonValueKind.Null, price.GetProperty("trial_period_days").ValueKind);
    }

    [Theory]
    [InlineData("\"recurring\": {\"interval\": \"fortnightly\"}", "recurring.interval", "parameter_invalid_string")]
    [InlineData("\"recurring\": {\"interval\": \"month\", \"interval_count\": 37}", "recurring.interval_count", "parameter_out_of_range")]
    [InlineData("\"recurring\": {\"interval\": \"week\", \"interval_count\": 0}", "recurring.interval_count", "parameter_out_of_range")]
    [InlineData("\"recurring\": {\"interval_count\": 2}", "recurring.interval", "parameter_missing")]
    [InlineData("\"recurring\": {\"interval\": \"day\", \"trial_period_days\": 731}", "recurring.trial_period_days", "parameter_out_of_range")]
    [InlineData("\"recurring\": {\"interval\": \"day\", \"meter\": \"m\"}", "recurring.meter", "parameter_unknown")]
    [InlineData("\"type\": \"recurring\"", "recurring", "parameter_missing")]
    [InlineData("\"type\": \"one_time\", \"recurring\": {\"interval\": \"day\"}", "type", "parameter_conflict")]
    [InlineData("\"type\": \"sometimes\"", "type", "parameter_invalid_string")]
    [InlineData("\"trial_period_days\": 7", "trial_period_days", "parameter_invalid")]
    public async Task BadRecurrence_Is400_AndStoresNothing(string fields, string param, string code)
    {
        var body = await ApiAssert.ErrorAsync(await CreateAsync(fields), HttpStatusCode.BadRequest, "invalid_request_error", code);

        Assert.Contains(param, ApiAssert.DetailParams(body));
        var prices = (await (await _api.GetAsync("/v1/prices")).ReadJsonAsync()).GetProperty("prices");
        Assert.Equal(0, prices.GetArrayLength());
    }

    [Fact]
    public async Task ARecurringPrice_KeepsItsRecurrence_AnUpdateEchoingItIsAccepted_AndAChangeIsRefused()
    {
        var price = (await (await CreateAsync("\"recurring\": {\"interval\": \"week\"}")).ReadJsonAsync()).GetProperty("price");
        var id = price.GetProperty("price_id").GetString();

        var echoed = await _api.PostJsonAsync($"/v1/prices/{id}", "{\"price\": " + price.GetRawText()[..^1] + ", \"description\": \"Weekly\"} }");
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync($"/v1/prices/{id}", """{"price": {"recurring": {"interval": "month"}}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_immutable", "recurring");
        var after = (await (await _api.GetAsync($"/v1/prices/{id}")).ReadJsonAsync()).GetProperty("price");
        Assert.Equal(("weekly", "Weekly"), (after.GetProperty("recurring").GetProperty("interval").GetString(), after.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task ARecurringPrice_InAPaymentModeSession_Is400()
    {
        var price = (await (await CreateAsync("\"recurring\": {\"interval\": \"month\"}")).ReadJsonAsync()).GetProperty("price").GetProperty("price_id").GetString();

        await ApiAssert.ErrorAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url": "https://shop.example/ok", "line_items": [{"price": "{{price}}", "quantity": 1}]}
            """), HttpStatusCode.BadRequest, "invalid_request_error", "price_recurring", "line_items[0].price");
        await ApiAssert.ErrorAsync(await _api.PostJsonAsync("/v1/payment_links", $$"""
            {"line_items": [{"price": "{{price}}", "quantity": 1}]}
            """), HttpStatusCode.BadRequest, "invalid_request_error", "price_recurring", "line_items[0].price");
    }
}

public sealed class RecurringPricesTestsOnSqlite() : RecurringPricesTests(DatabaseProvider.Sqlite);
public sealed class RecurringPricesTestsOnPostgres() : RecurringPricesTests(DatabaseProvider.Postgres);
