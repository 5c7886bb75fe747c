using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>Expanding responses: Flex's <c>expand_*</c> flags and <c>expand=a,b</c> (Stripe's <c>expand[]</c>, <c>data.x</c> on
/// lists) answer the named id fields as objects; an expansion the endpoint does not offer is a 400.</summary>
public abstract class ExpandTests(DatabaseProvider provider) : IAsyncLifetime
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

    async Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _api.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    async Task<string> PaidSessionAsync(string email = "jo@example.com")
    {
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(1500));
        using var pay = await _api.PostAsync($"/v1/test_helpers/checkout/sessions/{session.Id()}/pay", Json.Body($$"""{"email": "{{email}}"}"""));
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        return session.Id();
    }

    [Theory]
    [InlineData("?expand_customer=true&expand_payment_intent=true")]
    [InlineData("?expand=customer,payment_intent")]
    [InlineData("?expand[]=customer&expand[]=payment_intent")]
    public async Task ASessionsCustomerAndPaymentIntent_ComeAsObjects(string query)
    {
        var id = await PaidSessionAsync();
        var plain = (await GetAsync($"/v1/checkout/sessions/{id}")).GetProperty("checkout_session");

        var expanded = (await GetAsync($"/v1/checkout/sessions/{id}{query}")).GetProperty("checkout_session");

        var customer = expanded.GetProperty("customer");
        Assert.Equal(plain.GetProperty("customer").GetString(), customer.GetProperty("customer_id").GetString());
        Assert.Equal("jo@example.com", customer.GetProperty("email").GetString());
        var intent = expanded.GetProperty("payment_intent");
        Assert.Equal(plain.GetProperty("payment_intent").GetString(), intent.GetProperty("payment_intent_id").GetString());
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Equal(plain.GetProperty("amount_total").GetInt64(), intent.GetProperty("amount_received").GetInt64());
        // Everything else is as unexpanded.
        Assert.Equal(plain.GetProperty("line_items").GetRawText(), expanded.GetProperty("line_items").GetRawText());
    }

    [Fact]
    public async Task AFalseFlag_AndAnOpenSessionsNullCustomer_StayAsTheyAre()
    {
        var paid = await PaidSessionAsync();
        var open = (await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(900))).Id();

        Assert.Equal(JsonValueKind.String,
            (await GetAsync($"/v1/checkout/sessions/{paid}?expand_customer=false")).GetProperty("checkout_session").GetProperty("customer").ValueKind);
        Assert.Equal(JsonValueKind.Null,
            (await GetAsync($"/v1/checkout/sessions/{open}?expand_customer=true")).GetProperty("checkout_session").GetProperty("customer").ValueKind);
    }

    [Fact]
    public async Task ListsExpandEveryObject()
    {
        await PaidSessionAsync("a@example.com");
        await PaidSessionAsync("b@example.com");

        var sessions = (await GetAsync("/v1/checkout/sessions?expand[]=data.customer")).GetProperty("checkout_sessions").EnumerateArray().ToList();

        Assert.Equal(["a@example.com", "b@example.com"], sessions.Select(s => s.GetProperty("customer").GetProperty("email").GetString()).Order());
        var prices = (await GetAsync("/v1/prices?expand_product=true")).GetProperty("prices").EnumerateArray().ToList();
        Assert.All(prices, p => Assert.Equal("T-shirt", p.GetProperty("product").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task APricesProduct_AndAPaymentIntentsCustomer_Expand()
    {
        var price = await _merchant.CreatePriceAsync(700, productName: "Mug");
        Assert.Equal("Mug", (await GetAsync($"/v1/prices/{price}?expand_product=true")).GetProperty("price").GetProperty("product").GetProperty("name").GetString());
        var session = (await GetAsync($"/v1/checkout/sessions/{await PaidSessionAsync()}")).GetProperty("checkout_session");
        var intent = session.GetProperty("payment_intent").GetString();
        Assert.Equal("jo@example.com",
            (await GetAsync($"/v1/payment_intents/{intent}?expand=customer")).GetProperty("payment_intent").GetProperty("customer").GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("/v1/checkout/sessions/{0}?expand_subscription=true", "expand_subscription", "parameter_invalid")]
    [InlineData("/v1/checkout/sessions/{0}?expand=customer,line_items.price", "expand", "parameter_invalid")]
    [InlineData("/v1/checkout/sessions?expand=product", "expand", "parameter_invalid")]
    [InlineData("/v1/checkout/sessions/{0}?expand_customer=yes", "expand_customer", "parameter_invalid_boolean")]
    [InlineData("/v1/prices?expand_customer=true", "expand_customer", "parameter_invalid")]
    [InlineData("/v1/refunds?expand_payment_intent=true", "expand_payment_intent", "parameter_invalid")]
    public async Task AnExpansionTheEndpointDoesNotOffer_Is400NamingIt(string path, string param, string code)
    {
        var id = await PaidSessionAsync();

        await ApiAssert.ErrorAsync(await _api.GetAsync(string.Format(path, id)), HttpStatusCode.BadRequest, "invalid_request_error", code, param);
    }

    [Fact]
    public async Task AnUnknownId_WithExpansions_IsTheUsual404()
    {
        await ApiAssert.ErrorAsync(await _api.GetAsync("/v1/checkout/sessions/fcs_01HW6FC7ZYWNW4XFSE1KMD8JDW?expand_customer=true"),
            HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }
}

public sealed class ExpandTestsOnSqlite() : ExpandTests(DatabaseProvider.Sqlite);
public sealed class ExpandTestsOnPostgres() : ExpandTests(DatabaseProvider.Postgres);
