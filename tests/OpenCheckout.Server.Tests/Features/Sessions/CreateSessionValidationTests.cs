using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>POST /v1/checkout/sessions with bad input: every refusal has the contract error shape and stores nothing.</summary>
public abstract class CreateSessionValidationTests(DatabaseProvider provider) : IAsyncLifetime
{
    const string Path = "/v1/checkout/sessions";
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<HttpResponseMessage> CreateAsync(string json)
    {
        using var api = _merchant.Api();
        return await api.PostJsonAsync(Path, json);
    }

    async Task AssertNothingStoredAsync() => Assert.Empty(await _merchant.SessionsAsync());

    [Fact]
    public async Task Create_WithoutSuccessUrl_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync($$"""{"line_items":[{"price":"{{_price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing", "success_url");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithEmptySuccessUrl_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync($$"""{"success_url":"","line_items":[{"price":"{{_price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_empty", "success_url");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithoutLineItems_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync("""{"success_url":"https://shop.example/ok"}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing", "line_items");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithEmptyLineItems_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync("""{"success_url":"https://shop.example/ok","line_items":[]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_array", "line_items");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithMoreThan100LineItems_Returns400NamingParamAndStoresNothing()
    {
        var items = string.Join(",", Enumerable.Repeat($$"""{"price":"{{_price}}","quantity":1}""", 101));
        var response = await CreateAsync($$"""{"success_url":"https://shop.example/ok","line_items":[{{items}}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_array", "line_items");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithLineItemWithoutPrice_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync("""{"success_url":"https://shop.example/ok","line_items":[{"quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing", "line_items[0].price");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithUnknownTopLevelField_Returns400ParameterUnknownNamingItAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"colour":"red"}
            """);

        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "colour");
        Assert.Contains("colour", body.GetProperty("error").GetProperty("message").GetString());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithUnknownLineItemField_Returns400NamingItsFullPathAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1,"unit_amount":1}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "line_items[0].unit_amount");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WrappedWithUnknownFieldBesideWrapper_Returns400NamingItAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"checkout_session":{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]},"extra":1}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "extra");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithQuantityAsString_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":"1"}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "line_items[0].quantity");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithFractionalQuantity_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1.5}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "line_items[0].quantity");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithSuccessUrlAsNumber_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync($$"""{"success_url":42,"line_items":[{"price":"{{_price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_string", "success_url");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithLineItemsAsObject_Returns400NamingParamAndStoresNothing()
    {
        var response = await CreateAsync($$"""{"success_url":"https://shop.example/ok","line_items":{"price":"{{_price}}","quantity":1} }""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_array", "line_items");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("success_url", "javascript:alert(1)")]
    [InlineData("success_url", "/checkout/success")]
    [InlineData("success_url", "success.html")]
    [InlineData("success_url", "ftp://shop.example/ok")]
    [InlineData("success_url", "data:text/html,hi")]
    [InlineData("cancel_url", "javascript:alert(1)")]
    [InlineData("cancel_url", "/cart")]
    [InlineData("cancel_url", "ftp://shop.example/cancel")]
    public async Task Create_WithNonHttpRedirectUrl_Returns400UrlInvalidAndStoresNothing(string field, string url)
    {
        var urls = field == "success_url"
            ? $$"""{"success_url":"{{url}}","cancel_url":"https://shop.example/cancel" """
            : $$"""{"success_url":"https://shop.example/ok","cancel_url":"{{url}}" """;
        var response = await CreateAsync(urls + $$""","line_items":[{"price":"{{_price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "url_invalid", field);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithSuccessUrlLongerThan2048_Returns400NamingParamAndStoresNothing()
    {
        var url = "https://shop.example/ok?q=" + new string('a', 2048);
        var response = await CreateAsync($$"""{"success_url":"{{url}}","line_items":[{"price":"{{_price}}","quantity":1}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_string", "success_url");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Create_WithQuantityBelowOne_Returns400NamingParamAndStoresNothing(int quantity)
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":{{quantity}}}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range", "line_items[0].quantity");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithUnknownPrice_Returns422PriceNotFoundAndStoresNothing()
    {
        var response = await CreateAsync("""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"fprice_01JZZZZZZZZZZZZZZZZZZZZZZZ","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithUnknownPriceOnSecondLine_Returns422NamingThatLine()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok",
             "line_items":[{"price":"{{_price}}","quantity":1},{"price_id":"fprice_nope","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[1].price");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithInactivePrice_Returns422PriceNotFoundAndStoresNothing()
    {
        using var api = _merchant.Api();
        (await api.PostJsonAsync($"/v1/prices/{_price}", """{"active":false}""")).EnsureSuccessStatusCode();

        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithPriceOfAnotherAccount_Returns422PriceNotFoundAndStoresNothing()
    {
        var other = await _app.CreateMerchantAsync("Other Shop");
        var othersPrice = await other.CreatePriceAsync(500);

        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{othersPrice}}","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        await AssertNothingStoredAsync();
        Assert.Empty(await other.SessionsAsync());
    }

    [Fact]
    public async Task Create_WithLiveModePriceOnTestKey_Returns422PriceNotFoundAndStoresNothing()
    {
        var livePrice = await _merchant.CreatePriceAsync(500, live: true);

        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{livePrice}}","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        await AssertNothingStoredAsync();
        Assert.Empty(await _merchant.SessionsAsync(live: true));
    }

    [Fact]
    public async Task Create_WithMixedCurrencies_Returns400CurrencyMismatchAndStoresNothing()
    {
        var euro = await _merchant.CreatePriceAsync(1500, currency: "eur");

        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok",
             "line_items":[{"price":"{{_price}}","quantity":1},{"price":"{{euro}}","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "currency_mismatch", "line_items[1].price");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithLineAmountOverflow_Returns400AmountTooLargeAndStoresNothing()
    {
        var huge = await _merchant.CreatePriceAsync(999_999_999_999);

        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{huge}}","quantity":999999}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large", "line_items[0].quantity");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithTotalOverflowAcrossLines_Returns400AmountTooLargeAndStoresNothing()
    {
        var big = await _merchant.CreatePriceAsync(600_000_000_000);

        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok",
             "line_items":[{"price":"{{big}}","quantity":1},{"price":"{{big}}","quantity":1}]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large", "line_items");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("{\"success_url\": ")]
    [InlineData("{'success_url': 'https://shop.example/ok'}")]
    [InlineData("{\"success_url\":\"https://shop.example/ok\",}")]
    public async Task Create_WithMalformedJson_Returns400InvalidJsonAndStoresNothing(string json)
    {
        var response = await CreateAsync(json);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithJsonArrayBody_Returns400InvalidJsonAndStoresNothing()
    {
        var response = await CreateAsync("""[{"success_url":"https://shop.example/ok"}]""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Create_WithNonJsonContentType_Returns415AndStoresNothing(string contentType)
    {
        using var api = _merchant.Api();
        var json = $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]}""";
        var response = await api.PostAsync(Path, new StringContent(json, Encoding.UTF8, contentType));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "invalid_request_error", "unsupported_content_type");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithJsonContentTypeAndCharset_IsAccepted()
    {
        using var api = _merchant.Api();
        var content = new StringContent($$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]}""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        var response = await api.PostAsync(Path, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_WithBodyOverOneMebibyte_Returns413AndStoresNothing()
    {
        var padding = new string('x', 1024 * 1024);
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"client_reference_id":"{{padding}}"}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "body_too_large");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithChunkedBodyOverOneMebibyte_Returns413AndStoresNothing()
    {
        using var api = _merchant.Api();
        var json = $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"client_reference_id":"{{new string('x', 1024 * 1024)}}"}""";
        var content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        var response = await api.PostAsync(Path, content);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "body_too_large");
        await AssertNothingStoredAsync();
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent chunked (no Content-Length).</summary>
    sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Create_WithMoreThan50MetadataKeys_Returns400NamingMetadataAndStoresNothing()
    {
        var metadata = string.Join(",", Enumerable.Range(1, 51).Select(i => $"\"k{i}\":\"v\""));
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"metadata":{{{metadata}}} }
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "metadata_invalid", "metadata");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithMetadataKeyLongerThan40_Returns400NamingTheKeyAndStoresNothing()
    {
        var key = new string('k', 41);
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"metadata":{"{{key}}":"v"} }
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "metadata_invalid", $"metadata[{key}]");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithMetadataValueLongerThan500_Returns400NamingTheKeyAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],
             "metadata":{"note":"{{new string('v', 501)}}"} }
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "metadata_invalid", "metadata[note]");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithMetadataAtTheLimits_StoresAllOfIt()
    {
        var entries = Enumerable.Range(1, 49).Select(i => $"\"k{i}\":\"v{i}\"")
            .Append($"\"{new string('k', 40)}\":\"{new string('v', 500)}\"");
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],
             "metadata":{{{string.Join(",", entries)}}} }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        var stored = (await _merchant.GetSessionAsync(session.Id())).GetProperty("metadata");
        Assert.Equal(50, stored.EnumerateObject().Count());
        Assert.Equal(new string('v', 500), stored.GetProperty(new string('k', 40)).GetString());
    }

    [Fact]
    public async Task Create_WithMetadataEmptyArray_AcceptsItAsEmpty()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"metadata":[]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(JsonValueKind.Object, session.GetProperty("metadata").ValueKind);
        Assert.Empty(session.GetProperty("metadata").EnumerateObject());
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_WithNonEmptyMetadataArray_Returns400NamingMetadataAndStoresNothing()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"metadata":["a"]}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_object", "metadata");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_EchoingReadOnlyFields_AcceptsAndIgnoresThem()
    {
        var response = await CreateAsync($$"""
            {"id":"fcs_01JAAAAAAAAAAAAAAAAAAAAAAA","checkout_session_id":"fcs_01JAAAAAAAAAAAAAAAAAAAAAAA",
             "status":"complete","payment_status":"paid","created_at":1,"created":1,"test_mode":false,"object":"checkout.session",
             "amount_total":1,"url":"https://evil.example/","type":"checkout_session",
             "success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":2}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.NotEqual("fcs_01JAAAAAAAAAAAAAAAAAAAAAAA", session.Id());
        Assert.StartsWith("fcs_", session.Id());
        Assert.Equal("open", session.Status());
        Assert.Equal("unpaid", session.GetProperty("payment_status").GetString());
        Assert.True(session.GetProperty("test_mode").GetBoolean());
        Assert.Equal(TestApp.Start.ToUnixTimeSeconds(), session.GetProperty("created_at").GetInt64());
        Assert.Equal(4000, session.GetProperty("amount_total").GetInt64());
        Assert.StartsWith(_app.BaseAddress.ToString().TrimEnd('/') + "/pay/c/", session.GetProperty("url").GetString());
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task Create_EchoingWholeLineItemsWithPriceObjects_UsesStoredAmounts()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok",
             "line_items":[{"line_item_id":"fli_x","description":"cheap?","amount_total":1,"currency":"usd",
                            "price":{"price_id":"{{_price}}","unit_amount":1,"currency":"usd","active":true},"quantity":3}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(6000, session.GetProperty("amount_total").GetInt64());
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(29 * 60)]
    [InlineData(24 * 3600 + 1)]
    [InlineData(7 * 24 * 3600)]
    public async Task Create_WithExpiresAtOutOfRange_Returns400NamingParamAndStoresNothing(int secondsFromNow)
    {
        var expiresAt = TestApp.Start.ToUnixTimeSeconds() + secondsFromNow;
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"expires_at":{{expiresAt}}}
            """);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range", "expires_at");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(30 * 60)]
    [InlineData(2 * 3600)]
    [InlineData(24 * 3600)]
    public async Task Create_WithExpiresAtInRange_StoresIt(int secondsFromNow)
    {
        var expiresAt = TestApp.Start.ToUnixTimeSeconds() + secondsFromNow;
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"expires_at":{{expiresAt}}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(expiresAt, session.GetProperty("expires_at").GetInt64());
    }

    [Fact]
    public async Task Create_WithoutExpiresAt_ExpiresIn24Hours()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        Assert.Equal(TestApp.Start.AddHours(24).ToUnixTimeSeconds(), session.GetProperty("expires_at").GetInt64());
    }

    [Fact]
    public async Task Create_WithSeveralBadFields_ListsEachFieldInDetail()
    {
        var response = await CreateAsync("""
            {"success_url":"javascript:alert(1)","line_items":[{"price":"fprice_x","quantity":0}],"bogus":true}
            """);

        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range",
            "line_items[0].quantity");
        var fields = ApiAssert.DetailParams(body);
        Assert.Contains("success_url", fields);
        Assert.Contains("bogus", fields);
        Assert.Equal(3, fields.Count);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Create_WithEmptyDefaultsStrings_IsAccepted()
    {
        var response = await CreateAsync($$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],
             "defaults":{"email":"","first_name":"","last_name":"","phone":""} }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithJsonContentTypeHeaderAndNoBody_Returns200()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Path}/{session.Id()}") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new("application/json");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(session.Id(), (await response.ReadJsonAsync()).GetProperty("checkout_session").Id());
    }

    [Fact]
    public async Task List_WithJsonContentTypeHeaderAndNoBody_Returns200()
    {
        await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();
        var request = new HttpRequestMessage(HttpMethod.Get, Path) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new("application/json");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await response.ReadJsonAsync()).GetProperty("checkout_sessions").EnumerateArray());
    }

    [Fact]
    public async Task Expire_WithNoBodyAndNoContentType_Returns200Expired()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();

        var response = await api.PostAsync($"{Path}/{session.Id()}/expire", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("expired", (await response.ReadJsonAsync()).GetProperty("checkout_session").Status());
    }
}

public sealed class CreateSessionValidationTestsOnSqlite() : CreateSessionValidationTests(DatabaseProvider.Sqlite);
public sealed class CreateSessionValidationTestsOnPostgres() : CreateSessionValidationTests(DatabaseProvider.Postgres);
