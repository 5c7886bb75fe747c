using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Contract section 1: API keys (401 when missing or wrong) and the Request-Id header on every response.</summary>
public abstract class AuthenticationTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Acme Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    HttpClient WithAuthorization(string? scheme, string? value)
    {
        var client = _app.Http();
        if (scheme is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);
        return client;
    }

    [Fact]
    public async Task Request_WithoutKey_Returns401AuthenticationError()
    {
        using var api = _app.Http();

        var response = await api.GetAsync("/v1/checkout/sessions");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "api_key_missing");
    }

    [Fact]
    public async Task Create_WithoutKey_Returns401AndStoresNothing()
    {
        var price = await _merchant.CreatePriceAsync();
        using var api = _app.Http();

        var response = await api.PostJsonAsync("/v1/checkout/sessions",
            $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "api_key_missing");
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Theory]
    [InlineData("Bearer", "nonsense")]
    [InlineData("Bearer", "fsk_test_short")]
    [InlineData("Bearer", "sk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("Bearer", "fsk_test_000000000000AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer", "fsk_000000000000AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer", "fsk_test_00000000000!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic", "!!!not-base64!!!")]
    public async Task Request_WithMalformedOrUnknownKey_Returns401AuthenticationError(string scheme, string value)
    {
        using var api = WithAuthorization(scheme, value);

        var response = await api.GetAsync("/v1/checkout/sessions");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "api_key_invalid");
    }

    [Fact]
    public async Task Request_WithTestKeyAlteredInOneCharacter_Returns401()
    {
        var key = _merchant.TestKey;
        var altered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        using var api = WithAuthorization("Bearer", altered);

        var response = await api.GetAsync("/v1/checkout/sessions");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "api_key_invalid");
    }

    [Fact]
    public async Task Request_WithTestSecretUnderLivePrefix_Returns401()
    {
        using var api = WithAuthorization("Bearer", "fsk_" + _merchant.TestKey["fsk_test_".Length..]);

        var response = await api.GetAsync("/v1/checkout/sessions");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "api_key_invalid");
    }

    [Fact]
    public async Task Request_WithKeyAsBasicUserName_IsAuthenticated()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(_merchant.TestKey + ":"));
        using var api = WithAuthorization("Basic", basic);

        var response = await api.GetAsync("/v1/checkout/sessions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HostedPageAndHealth_NeedNoKey()
    {
        using var anonymous = _app.Http();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/pay/c/{session.Id()}")).StatusCode);
    }

    public static TheoryData<string, string, string?, bool, int> Requests => new()
    {
        // method, path, JSON body, authenticated, expected status
        { "GET", "/v1/checkout/sessions", null, true, 200 },
        { "POST", "/v1/products", """{"name":"Mug"}""", true, 200 },
        { "POST", "/v1/products", """{"name":""}""", true, 400 },
        { "POST", "/v1/products", "{not json", true, 400 },
        { "GET", "/v1/checkout/sessions", null, false, 401 },
        { "GET", "/v1/checkout/sessions/fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ", null, true, 404 },
        { "GET", "/v1/no_such_thing", null, true, 404 },
        { "DELETE", "/v1/checkout/sessions", null, true, 405 },
        { "POST", "/v1/prices", """{"product":"fprod_nope","unit_amount":1}""", true, 422 },
        { "POST", "/v1/checkout/sessions/fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ/expire", null, true, 404 },
        { "GET", "/pay/c/fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ", null, false, 404 },
        { "GET", "/health", null, false, 200 },
        { "GET", "/pay/checkout.css", null, false, 200 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EveryResponse_CarriesARequestId(string method, string path, string? body, bool authenticated, int status)
    {
        using var api = authenticated ? _merchant.Api() : _app.Http();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = Json.Body(body);

        var response = await api.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        ApiAssert.RequestId(response);
    }

    [Fact]
    public async Task UnsupportedMediaTypeAndTooLargeResponses_CarryARequestId()
    {
        using var api = _merchant.Api();

        var unsupported = await api.PostAsync("/v1/products", new StringContent("name=Mug", Encoding.UTF8, "text/plain"));
        var tooLarge = await api.PostJsonAsync("/v1/products", $$"""{"name":"{{new string('x', 1024 * 1024 + 1)}}"}""");

        await ApiAssert.ErrorAsync(unsupported, HttpStatusCode.UnsupportedMediaType, "invalid_request_error", "unsupported_content_type");
        await ApiAssert.ErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "body_too_large");
    }

    [Fact]
    public async Task HostedPagePost_CarriesARequestId()
    {
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        using var page = new HostedPageClient(_app.BaseAddress);

        var declined = await page.PayAsync(session.Id(), cardNumber: "4000 0000 0000 0002");
        var paid = await page.PayAsync(session.Id());

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        ApiAssert.RequestId(declined);
        ApiAssert.RequestId(paid);
    }

    [Fact]
    public async Task RequestIds_AreUniquePerResponse()
    {
        using var api = _merchant.Api();

        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(ApiAssert.RequestId(await api.GetAsync("/v1/checkout/sessions")));

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}

public sealed class AuthenticationTestsOnSqlite() : AuthenticationTests(DatabaseProvider.Sqlite);
public sealed class AuthenticationTestsOnPostgres() : AuthenticationTests(DatabaseProvider.Postgres);
