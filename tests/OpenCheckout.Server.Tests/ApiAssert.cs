using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests;

/// <summary>Assertions on what an API client sees: the contract's error body (section 2) and the Request-Id header.</summary>
static class ApiAssert
{
    /// <summary>Asserts the status and both error shapes (<c>error</c> and <c>detail[0]</c>); returns the body.
    /// With <paramref name="param"/>, also that <c>error.param</c> and <c>detail[0].loc</c> name that field.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string code,
        string? param = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {(text.Length > 2000 ? text[..2000] + "…" : text)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        RequestId(response);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var error = body.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        var detail = body.GetProperty("detail");
        Assert.True(detail.GetArrayLength() >= 1, "detail must have at least one entry");
        Assert.Equal(code, detail[0].GetProperty("type").GetString());
        Assert.StartsWith(code + ": ", detail[0].GetProperty("msg").GetString());
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
            Assert.Equal(["body", param], Strings(detail[0].GetProperty("loc")));
        }
        return body;
    }

    /// <summary>Every <c>detail[].loc</c> field name, in order.</summary>
    public static IReadOnlyList<string> DetailParams(JsonElement body) =>
        body.GetProperty("detail").EnumerateArray().Select(d => Strings(d.GetProperty("loc")).Last()).ToList();

    public static string RequestId(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Request-Id", out var values), $"No Request-Id header on {(int)response.StatusCode}");
        var id = Assert.Single(values);
        Assert.Matches("^req_[0-9A-Za-z]{16,}$", id);
        return id;
    }

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}

/// <summary>Small HTTP shortcuts for the behaviour tests.</summary>
static class ApiCalls
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient api, string path, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(json) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return api.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient api, string path, string json) =>
        api.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = Json.Body(json) });

    /// <summary>The array under <paramref name="listName"/> of a list response, asserting a 200.</summary>
    public static async Task<JsonElement[]> ListAsync(this HttpClient api, string pathAndQuery, string listName)
    {
        var response = await api.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone().GetProperty(listName).EnumerateArray().ToArray();
    }

    public static async Task<JsonElement[]> SessionsAsync(this TestMerchant merchant, string query = "", bool live = false)
    {
        using var api = merchant.Api(live);
        return await api.ListAsync("/v1/checkout/sessions" + query, "checkout_sessions");
    }

    /// <summary>One page of the session list: its ids in order and has_more, asserting a 200.</summary>
    public static async Task<(List<string> Ids, bool HasMore)> SessionPageAsync(this TestMerchant merchant, string query)
    {
        using var api = merchant.Api();
        var response = await api.GetAsync("/v1/checkout/sessions" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("checkout_sessions").EnumerateArray().Select(s => s.Id()).ToList(), body.GetProperty("has_more").GetBoolean());
    }

    public static async Task<JsonElement[]> PaymentIntentsOfAsync(this TestMerchant merchant, string sessionId)
    {
        using var api = merchant.Api();
        return await api.ListAsync($"/v1/payment_intents?checkout_session={sessionId}", "payment_intents");
    }

    /// <summary>Pays through the test helper; the card number is sent as typed.</summary>
    public static async Task<HttpResponseMessage> PayWithTestHelperAsync(this TestMerchant merchant, string sessionId,
        string cardNumber = "4242424242424242", bool live = false)
    {
        using var api = merchant.Api(live);
        return await api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{sessionId}/pay", $$"""{"card_number":"{{cardNumber}}"}""");
    }

    public static string Id(this JsonElement session) => session.GetProperty("id").GetString()!;

    public static string Status(this JsonElement session) => session.GetProperty("status").GetString()!;
}
