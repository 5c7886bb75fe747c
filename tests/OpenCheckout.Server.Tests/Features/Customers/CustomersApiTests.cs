using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Customers;

/// <summary>Contract section 12, customers over HTTP: Flex's shapes, one customer per email and mode (409 naming the first,
/// also under concurrent creates), update by PATCH and POST, delete that keeps history, filters, events, and sessions made
/// for a customer.</summary>
public abstract class CustomersApiTests(DatabaseProvider provider) : IAsyncLifetime
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

    static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    async Task<JsonElement> CreateAsync(string json) =>
        (await BodyAsync(await _api.PostJsonAsync("/v1/customers", json), HttpStatusCode.OK)).GetProperty("customer");

    async Task<List<JsonElement>> ListAsync(string query = "") =>
        (await BodyAsync(await _api.GetAsync($"/v1/customers{query}"), HttpStatusCode.OK)).GetProperty("customers").EnumerateArray().ToList();

    async Task<List<string>> EventTypesAsync() =>
        (await BodyAsync(await _api.GetAsync("/v1/events?limit=100"), HttpStatusCode.OK)).GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("event_type").GetString()!).ToList();

    [Fact]
    public async Task Create_AnswersFlexsShape_AndRecordsCustomerCreated()
    {
        var customer = await CreateAsync("""
            {"customer": {"email": "jo@example.com", "first_name": "Jo", "last_name": "Doe", "phone": "+15555555555",
             "shipping": {"line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"},
             "metadata": {"crm": "42"}}}
            """);

        var id = customer.GetProperty("customer_id").GetString()!;
        Assert.StartsWith("fcus_", id);
        Assert.Equal("jo@example.com", customer.GetProperty("email").GetString());
        Assert.Equal("Jo Doe", customer.GetProperty("name").GetString());
        Assert.Equal("Jo", customer.GetProperty("first_name").GetString());
        Assert.Equal("Doe", customer.GetProperty("last_name").GetString());
        Assert.Equal("+15555555555", customer.GetProperty("phone").GetString());
        Assert.Equal("1 Main St", customer.GetProperty("shipping").GetProperty("line1").GetString());
        Assert.Equal(JsonValueKind.Null, customer.GetProperty("shipping").GetProperty("line2").ValueKind);
        Assert.Equal("US", customer.GetProperty("shipping").GetProperty("country").GetString());
        Assert.Equal("42", customer.GetProperty("metadata").GetProperty("crm").GetString());
        Assert.True(customer.GetProperty("test_mode").GetBoolean());
        Assert.Equal(TestApp.Start.ToUnixTimeSeconds(), customer.GetProperty("created_at").GetInt64());

        var fetched = (await BodyAsync(await _api.GetAsync($"/v1/customers/{id}"), HttpStatusCode.OK)).GetProperty("customer");
        Assert.Equal(customer.GetRawText(), fetched.GetRawText());
        Assert.Contains("customer.created", await EventTypesAsync());
    }

    [Fact]
    public async Task ASecondCustomerWithTheSameEmail_Is409NamingTheFirst_AndStoresNothing()
    {
        var first = (await CreateAsync("""{"email": "jo@example.com"}""")).GetProperty("customer_id").GetString()!;

        var error = (await BodyAsync(await _api.PostJsonAsync("/v1/customers", """{"email": "jo@example.com", "first_name": "Other"}"""),
            HttpStatusCode.Conflict)).GetProperty("error");
        Assert.Equal("customer_exists", error.GetProperty("code").GetString());
        Assert.Contains(first, error.GetProperty("message").GetString());
        Assert.Single(await ListAsync());

        // The other mode and another account have customers of their own.
        using var live = _merchant.Api(live: true);
        await BodyAsync(await live.PostJsonAsync("/v1/customers", """{"email": "jo@example.com"}"""), HttpStatusCode.OK);
        var other = await _app.CreateMerchantAsync("Other shop");
        using var otherApi = other.Api();
        await BodyAsync(await otherApi.PostJsonAsync("/v1/customers", """{"email": "jo@example.com"}"""), HttpStatusCode.OK);
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneEmail_MakeOneCustomer_AndTheRestAre409()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var api = _merchant.Api();
            using var response = await api.PostJsonAsync("/v1/customers", $$$"""{"email": "race@example.com", "metadata": {"try": "{{{i}}}"}}""");
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(s => s == HttpStatusCode.Conflict));
        Assert.Single(await ListAsync("?email=race@example.com"));
    }

    [Fact]
    public async Task Update_ByPatchOrPost_ChangesWhatItNames_AndAnEmailTakenIs409()
    {
        var id = (await CreateAsync("""{"email": "jo@example.com", "first_name": "Jo", "phone": "555"}""")).GetProperty("customer_id").GetString()!;
        await CreateAsync("""{"email": "sam@example.com"}""");

        var patched = (await BodyAsync(await _api.PatchJsonAsync($"/v1/customers/{id}", """{"customer": {"last_name": "Doe", "phone": null}}"""),
            HttpStatusCode.OK)).GetProperty("customer");
        Assert.Equal("Jo Doe", patched.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("phone").ValueKind);
        Assert.Equal("jo@example.com", patched.GetProperty("email").GetString());

        var posted = (await BodyAsync(await _api.PostJsonAsync($"/v1/customers/{id}", """{"email": "joanne@example.com", "metadata": {"a": "1"}}"""),
            HttpStatusCode.OK)).GetProperty("customer");
        Assert.Equal("joanne@example.com", posted.GetProperty("email").GetString());
        Assert.Equal("1", posted.GetProperty("metadata").GetProperty("a").GetString());

        var taken = (await BodyAsync(await _api.PostJsonAsync($"/v1/customers/{id}", """{"email": "sam@example.com"}"""), HttpStatusCode.Conflict))
            .GetProperty("error");
        Assert.Equal("customer_exists", taken.GetProperty("code").GetString());
        var unchanged = (await BodyAsync(await _api.GetAsync($"/v1/customers/{id}"), HttpStatusCode.OK)).GetProperty("customer");
        Assert.Equal("joanne@example.com", unchanged.GetProperty("email").GetString());
        Assert.Equal(2, (await EventTypesAsync()).Count(t => t == "customer.updated"));
    }

    [Fact]
    public async Task Delete_AnswersTheCustomerDeleted_ThenItIsNotFound_AndItsEmailIsFreeAgain()
    {
        var id = (await CreateAsync("""{"email": "jo@example.com"}""")).GetProperty("customer_id").GetString()!;

        var deleted = await BodyAsync(await _api.DeleteAsync($"/v1/customers/{id}"), HttpStatusCode.OK);
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(id, deleted.GetProperty("customer").GetProperty("customer_id").GetString());

        Assert.Equal("resource_missing", (await BodyAsync(await _api.GetAsync($"/v1/customers/{id}"), HttpStatusCode.NotFound))
            .GetProperty("error").GetProperty("code").GetString());
        await BodyAsync(await _api.DeleteAsync($"/v1/customers/{id}"), HttpStatusCode.NotFound);
        await BodyAsync(await _api.PatchJsonAsync($"/v1/customers/{id}", """{"first_name": "Jo"}"""), HttpStatusCode.NotFound);
        Assert.Empty(await ListAsync());
        Assert.Contains("customer.deleted", await EventTypesAsync());

        var again = (await CreateAsync("""{"email": "jo@example.com"}""")).GetProperty("customer_id").GetString()!;
        Assert.NotEqual(id, again);
    }

    [Theory]
    [InlineData("""{"first_name": "Jo"}""", "email")]
    [InlineData("""{"email": "not an email"}""", "email")]
    [InlineData("""{"email": "jo@"}""", "email")]
    [InlineData("""{"email": "jo@example.com", "favourite_colour": "red"}""", "favourite_colour")]
    [InlineData("""{"email": "jo@example.com", "shipping": {"country": "USA"}}""", "shipping.country")]
    [InlineData("""{"email": "jo@example.com", "metadata": {"a": {"b": 1}}}""", "metadata[a]")]
    [InlineData("""{"email": "jo@example.com", "phone": 5550100}""", "phone")]
    public async Task BadInput_Is400NamingTheField_AndStoresNothing(string json, string param)
    {
        var error = (await BodyAsync(await _api.PostJsonAsync("/v1/customers", json), HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Contains(param, error.GetRawText());
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task List_FiltersByEmailAndCreated_NewestFirst()
    {
        var first = (await CreateAsync("""{"email": "a@example.com"}""")).GetProperty("customer_id").GetString()!;
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var second = (await CreateAsync("""{"email": "b@example.com"}""")).GetProperty("customer_id").GetString()!;
        var secondAt = TestApp.Start.AddHours(1).ToUnixTimeSeconds();

        Assert.Equal([second, first], (await ListAsync()).Select(c => c.GetProperty("customer_id").GetString()));
        Assert.Equal([first], (await ListAsync("?email=a@example.com")).Select(c => c.GetProperty("customer_id").GetString()));
        Assert.Equal([second], (await ListAsync($"?created[gte]={secondAt}")).Select(c => c.GetProperty("customer_id").GetString()));
        Assert.Equal([first], (await ListAsync($"?created[lte]={secondAt - 1}")).Select(c => c.GetProperty("customer_id").GetString()));
        await BodyAsync(await _api.GetAsync("/v1/customers?created[gte]=yesterday"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ASessionForACustomer_IsPrefilledAndLinked_AndItsPaymentIsTheCustomers()
    {
        var customer = (await CreateAsync("""{"email": "jo@example.com", "first_name": "Jo", "last_name": "Doe"}""")).GetProperty("customer_id").GetString()!;
        var price = await _merchant.CreatePriceAsync(1500);

        var session = (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", $$$"""
            {"checkout_session": {"customer": "{{{customer}}}", "success_url": "https://shop.example/ok", "mode": "payment",
             "line_items": [{"price": "{{{price}}}", "quantity": 1}]}}
            """), HttpStatusCode.OK)).GetProperty("checkout_session");
        var sessionId = session.GetProperty("checkout_session_id").GetString()!;
        Assert.Equal(customer, session.GetProperty("customer").GetString());
        Assert.Equal("jo@example.com", session.GetProperty("defaults").GetProperty("email").GetString());
        Assert.Equal("Jo", session.GetProperty("defaults").GetProperty("first_name").GetString());

        var paid = await BodyAsync(await _api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{sessionId}/pay", "{}"), HttpStatusCode.OK);
        var intents = (await BodyAsync(await _api.GetAsync($"/v1/payment_intents?customer={customer}"), HttpStatusCode.OK))
            .GetProperty("payment_intents").EnumerateArray().ToList();
        Assert.Single(intents);
        Assert.Equal(sessionId, intents[0].GetProperty("checkout_session").GetString());
        Assert.Single(await ListAsync());
        Assert.Equal("Jo Doe", (await ListAsync())[0].GetProperty("name").GetString());
        Assert.NotEqual(JsonValueKind.Undefined, paid.ValueKind);
    }

    [Fact]
    public async Task ASessionNamingAnUnknownOrDeletedCustomer_Is422_ButAnUnknownDefaultsCustomerIdIsAHint()
    {
        var price = await _merchant.CreatePriceAsync(1500);
        string Body(string extra) =>
            $$$"""{"checkout_session": {{{{extra}}}, "success_url": "https://shop.example/ok", "line_items": [{"price": "{{{price}}}", "quantity": 1}]}}""";

        var unknown = (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", Body("\"customer\": \"fcus_01HACM7FZ1084XB1GB6053VM0D\"")),
            HttpStatusCode.UnprocessableEntity)).GetProperty("error");
        Assert.Equal("customer_not_found", unknown.GetProperty("code").GetString());

        var deleted = (await CreateAsync("""{"email": "gone@example.com"}""")).GetProperty("customer_id").GetString()!;
        await BodyAsync(await _api.DeleteAsync($"/v1/customers/{deleted}"), HttpStatusCode.OK);
        await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions", Body($"\"customer\": \"{deleted}\"")), HttpStatusCode.UnprocessableEntity);
        Assert.Empty((await BodyAsync(await _api.GetAsync("/v1/checkout/sessions"), HttpStatusCode.OK)).GetProperty("checkout_sessions").EnumerateArray());

        // Flex's WooCommerce client sends back a customer_id it read from Flex: not ours, so the session is made unlinked.
        var hinted = (await BodyAsync(await _api.PostJsonAsync("/v1/checkout/sessions",
            Body("\"defaults\": {\"customer_id\": \"fcus_01HACM7FZ1084XB1GB6053VM0D\", \"email\": \"jo@example.com\"}")), HttpStatusCode.OK))
            .GetProperty("checkout_session");
        Assert.Equal(JsonValueKind.Null, hinted.GetProperty("customer").ValueKind);
    }

    [Fact]
    public async Task APaymentAfterTheCustomerWasDeleted_MakesANewCustomer()
    {
        var deleted = (await CreateAsync("""{"email": "buyer@example.com"}""")).GetProperty("customer_id").GetString()!;
        await BodyAsync(await _api.DeleteAsync($"/v1/customers/{deleted}"), HttpStatusCode.OK);

        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        await BodyAsync(await _merchant.PayWithTestHelperAsync(session.Id()), HttpStatusCode.OK);

        var customers = await ListAsync("?email=buyer@example.com");
        Assert.Single(customers);
        Assert.NotEqual(deleted, customers[0].GetProperty("customer_id").GetString());
    }
}

public sealed class CustomersApiTestsOnSqlite() : CustomersApiTests(DatabaseProvider.Sqlite);

public sealed class CustomersApiTestsOnPostgres() : CustomersApiTests(DatabaseProvider.Postgres);
