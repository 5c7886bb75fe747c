using System.Net;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Contract section 1: a key never sees objects of another account or of the other mode; it gets 404, never 403.</summary>
public abstract class TenantIsolationTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _owner = null!;
    TestMerchant _intruder = null!;
    Objects _objects = null!;

    sealed record Objects(string Session, string Product, string Price, string PaymentIntent, string Customer, string OpenSession);

    public async Task InitializeAsync()
    {
        _owner = await _app.CreateMerchantAsync("Owner Shop");
        _intruder = await _app.CreateMerchantAsync("Intruder Shop");
        var price = await _owner.CreatePriceAsync(2000);
        var paid = await _owner.CreateSessionAsync(price);
        Assert.Equal(HttpStatusCode.OK, (await _owner.PayWithTestHelperAsync(paid.Id())).StatusCode);
        var fetched = await _owner.GetSessionAsync(paid.Id());
        var open = await _owner.CreateSessionAsync(price);
        using var api = _owner.Api();
        var product = (await (await api.GetAsync($"/v1/prices/{price}")).ReadJsonAsync()).GetProperty("price").GetProperty("product").GetString()!;
        _objects = new Objects(paid.Id(), product, price, fetched.GetProperty("payment_intent").GetString()!,
            fetched.GetProperty("customer").GetString()!, open.Id());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    IEnumerable<string> ReadPaths() =>
    [
        $"/v1/checkout/sessions/{_objects.Session}",
        $"/v1/checkout/sessions/{_objects.OpenSession}",
        $"/v1/checkout/sessions/{_objects.Session}/line_items",
        $"/v1/products/{_objects.Product}",
        $"/v1/prices/{_objects.Price}",
        $"/v1/payment_intents/{_objects.PaymentIntent}",
        $"/v1/customers/{_objects.Customer}",
    ];

    async Task AssertAll404Async(HttpClient api)
    {
        foreach (var path in ReadPaths())
        {
            var response = await api.GetAsync(path);
            await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Owner Shop", text);
        }
    }

    [Fact]
    public async Task AnotherAccountsKey_GetsNotFoundForEveryObject()
    {
        using var api = _intruder.Api();

        await AssertAll404Async(api);
    }

    [Fact]
    public async Task AnotherAccountsKey_GetsNotFoundOnExpireAndSessionStaysOpen()
    {
        using var api = _intruder.Api();

        var response = await api.PostAsync($"/v1/checkout/sessions/{_objects.OpenSession}/expire", null);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal("open", (await _owner.GetSessionAsync(_objects.OpenSession)).Status());
    }

    [Fact]
    public async Task AnotherAccountsKey_GetsNotFoundOnTestHelperPayAndSessionStaysOpen()
    {
        var response = await _intruder.PayWithTestHelperAsync(_objects.OpenSession);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal("open", (await _owner.GetSessionAsync(_objects.OpenSession)).Status());
    }

    [Fact]
    public async Task AnotherAccountsKey_GetsNotFoundOnCatalogUpdatesAndNothingChanges()
    {
        using var api = _intruder.Api();

        var price = await api.PostJsonAsync($"/v1/prices/{_objects.Price}", """{"active":false}""");
        var product = await api.PostJsonAsync($"/v1/products/{_objects.Product}", """{"name":"Hijacked"}""");
        var patch = await api.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/v1/products/{_objects.Product}")
        {
            Content = Json.Body("""{"active":false}"""),
        });

        foreach (var response in new[] { price, product, patch })
            await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        using var owner = _owner.Api();
        Assert.True((await (await owner.GetAsync($"/v1/prices/{_objects.Price}")).ReadJsonAsync()).GetProperty("price").GetProperty("active").GetBoolean());
        var stored = (await (await owner.GetAsync($"/v1/products/{_objects.Product}")).ReadJsonAsync()).GetProperty("product");
        Assert.Equal("T-shirt", stored.GetProperty("name").GetString());
        Assert.True(stored.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task AnotherAccountsKey_CannotPriceASessionWithTheOwnersPrice()
    {
        using var api = _intruder.Api();

        var response = await api.PostJsonAsync("/v1/checkout/sessions",
            $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_objects.Price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
    }

    [Fact]
    public async Task AnotherAccountsKey_CannotCreateAPriceOnTheOwnersProduct()
    {
        using var api = _intruder.Api();

        var response = await api.PostJsonAsync("/v1/prices", $$"""{"product":"{{_objects.Product}}","unit_amount":100}""");

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "product_not_found", "product");
    }

    [Fact]
    public async Task SameAccountsLiveKey_GetsNotFoundForEveryTestObject()
    {
        using var api = _owner.Api(live: true);

        await AssertAll404Async(api);
        var expire = await api.PostAsync($"/v1/checkout/sessions/{_objects.OpenSession}/expire", null);
        await ApiAssert.ErrorAsync(expire, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal("open", (await _owner.GetSessionAsync(_objects.OpenSession)).Status());
    }

    [Fact]
    public async Task TestKey_GetsNotFoundForLiveObjects()
    {
        var livePrice = await _owner.CreatePriceAsync(2000, live: true);
        var liveSession = await _owner.CreateSessionAsync(livePrice, live: true);
        using var api = _owner.Api();

        await ApiAssert.ErrorAsync(await api.GetAsync($"/v1/checkout/sessions/{liveSession.Id()}"), HttpStatusCode.NotFound,
            "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await api.GetAsync($"/v1/prices/{livePrice}"), HttpStatusCode.NotFound,
            "invalid_request_error", "resource_missing");
        Assert.False(liveSession.GetProperty("test_mode").GetBoolean());
    }

    [Theory]
    [InlineData("/v1/checkout/sessions", "checkout_sessions")]
    [InlineData("/v1/products", "products")]
    [InlineData("/v1/prices", "prices")]
    [InlineData("/v1/payment_intents", "payment_intents")]
    [InlineData("/v1/customers", "customers")]
    public async Task Lists_NeverShowAnotherAccountsOrModesObjects(string path, string listName)
    {
        using var owner = _owner.Api();
        using var ownerLive = _owner.Api(live: true);
        using var intruder = _intruder.Api();

        Assert.NotEmpty(await owner.ListAsync(path, listName));
        Assert.Empty(await intruder.ListAsync(path, listName));
        Assert.Empty(await ownerLive.ListAsync(path, listName));
    }

    [Fact]
    public async Task ListFilters_NamingAnotherAccountsObjects_ReturnNothing()
    {
        using var api = _intruder.Api();

        Assert.Empty(await api.ListAsync($"/v1/payment_intents?checkout_session={_objects.Session}", "payment_intents"));
        Assert.Empty(await api.ListAsync($"/v1/payment_intents?customer={_objects.Customer}", "payment_intents"));
        Assert.Empty(await api.ListAsync($"/v1/prices?product={_objects.Product}", "prices"));
        Assert.Empty(await api.ListAsync("/v1/customers?email=buyer@example.com", "customers"));
    }

    [Fact]
    public async Task HostedPage_ShowsTheOwningMerchantsName()
    {
        using var page = new Pages.HostedPageClient(_app.BaseAddress);

        var html = await (await page.GetAsync(_objects.OpenSession)).Content.ReadAsStringAsync();

        Assert.Contains("Owner Shop", html);
        Assert.DoesNotContain("Intruder Shop", html);
    }
}

public sealed class TenantIsolationTestsOnSqlite() : TenantIsolationTests(DatabaseProvider.Sqlite);
public sealed class TenantIsolationTestsOnPostgres() : TenantIsolationTests(DatabaseProvider.Postgres);
