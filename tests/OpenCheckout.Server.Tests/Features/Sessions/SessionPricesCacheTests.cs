using OpenCheckout.Server.Features.Catalog;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Features.Sessions;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>New sessions take their prices from memory once read (<see cref="ActivePrices"/>). A change made through the
/// API shows in the very next session; one made by another node sharing the database (here: another connection writing
/// the same SQLite file) shows once <see cref="ActivePrices.KeepFor"/> has passed.</summary>
public abstract class SessionPricesCacheTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2000, productName: "T-shirt");
        await _merchant.CreateSessionAsync(_price); // the price is now remembered
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<HttpResponseMessage> CreateAsync()
    {
        using var api = _merchant.Api();
        return await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]}
            """));
    }

    static JsonElement FirstLine(JsonElement session) => session.GetProperty("line_items")[0];

    [Fact]
    public async Task Create_AfterThePriceIsDeactivatedThroughTheApi_Returns422PriceNotFound()
    {
        using var api = _merchant.Api();
        (await api.PostAsync($"/v1/prices/{_price}", Json.Body("""{"active":false}"""))).EnsureSuccessStatusCode();

        var response = await CreateAsync();

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
    }

    [Fact]
    public async Task Create_AfterTheProductIsRenamedThroughTheApi_SnapshotsTheNewName()
    {
        using var api = _merchant.Api();
        var productId = FirstLine(await _merchant.CreateSessionAsync(_price)).GetProperty("price").GetProperty("product").GetString();
        (await api.PostAsync($"/v1/products/{productId}", Json.Body("""{"name":"Organic T-shirt"}"""))).EnsureSuccessStatusCode();

        var line = FirstLine(await _merchant.CreateSessionAsync(_price));

        Assert.Equal("Organic T-shirt", line.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Create_AfterThePriceChangesThroughTheApi_SnapshotsTheNewDescription()
    {
        using var api = _merchant.Api();
        (await api.PostAsync($"/v1/prices/{_price}", Json.Body("""{"description":"Summer sale","metadata":{"sku":"TS-1"}}""")))
            .EnsureSuccessStatusCode();

        var price = FirstLine(await _merchant.CreateSessionAsync(_price)).GetProperty("price");

        Assert.Equal("Summer sale", price.GetProperty("description").GetString());
        // A session copies no price metadata (contract section 6): the price has it.
        Assert.Empty(price.GetProperty("metadata").EnumerateObject());
    }

    [Fact]
    public async Task Create_AfterAnUnannouncedChangeDeactivatesThePrice_RefusesItOnceTheRememberedPriceIsStale()
    {
        // Written straight to the database: nothing tells this node (another writer, or a notice that never arrived).
        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CheckoutDb>().Prices.Where(p => p.Id == _price)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Active, false)));

        var meanwhile = await CreateAsync();
        _app.Clock.Advance(ActivePrices.KeepFor);
        var afterwards = await CreateAsync();

        Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);
        await ApiAssert.ErrorAsync(afterwards, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
    }
}

public sealed class SessionPricesCacheTestsOnSqlite() : SessionPricesCacheTests(DatabaseProvider.Sqlite);
public sealed class SessionPricesCacheTestsOnPostgres() : SessionPricesCacheTests(DatabaseProvider.Postgres);
