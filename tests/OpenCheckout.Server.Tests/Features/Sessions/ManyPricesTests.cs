using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>The price lookup of a new session compiles one statement per count of distinct prices up to 8 and sends
/// more as one JSON array: both shapes must find exactly the merchant's active prices.</summary>
public abstract class ManyPricesTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(30)]
    public async Task DistinctPrices_AllFound_TotalIsTheirSum(int count)
    {
        var prices = new List<string>();
        for (var i = 1; i <= count; i++) prices.Add(await _merchant.CreatePriceAsync(unitAmount: 100 * i));

        var created = await CreateAsync(prices.Select(p => (p, 2)));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var session = (await created.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(2 * 100L * count * (count + 1) / 2, session.GetProperty("amount_total").GetInt64());
        Assert.Equal(prices, session.GetProperty("line_items").EnumerateArray().Select(l => l.GetProperty("price").GetProperty("price_id").GetString()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public async Task OneUnknownPriceAmongMany_RefusedNamingItsLine(int count)
    {
        var prices = new List<string>();
        for (var i = 0; i < count; i++) prices.Add(await _merchant.CreatePriceAsync());
        var other = await (await _app.CreateMerchantAsync("Other shop")).CreatePriceAsync();
        prices.Insert(count - 1, other); // another merchant's price is unknown here

        var created = await CreateAsync(prices.Select(p => (p, 1)));

        await ApiAssert.ErrorAsync(created, HttpStatusCode.UnprocessableEntity, "invalid_request_error", "price_not_found",
            param: $"line_items[{count - 1}].price");
    }

    async Task<HttpResponseMessage> CreateAsync(IEnumerable<(string Price, int Quantity)> lines)
    {
        using var api = _merchant.Api();
        var body = JsonSerializer.Serialize(new
        {
            success_url = "https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}",
            line_items = lines.Select(l => new { price = l.Price, quantity = l.Quantity }),
        });
        return await api.PostAsync("/v1/checkout/sessions", Json.Body(body));
    }
}

public sealed class ManyPricesTestsOnSqlite() : ManyPricesTests(DatabaseProvider.Sqlite);
public sealed class ManyPricesTestsOnPostgres() : ManyPricesTests(DatabaseProvider.Postgres);
