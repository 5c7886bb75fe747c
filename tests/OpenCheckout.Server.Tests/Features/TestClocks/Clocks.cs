using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.TestClocks;

/// <summary>Test clocks, customers and sessions on them, over HTTP.</summary>
static class Clocks
{
    public static async Task<JsonElement> CreateAsync(TestMerchant merchant, DateTimeOffset frozenTime, string? name = null)
    {
        using var api = merchant.Api();
        var nameField = name is null ? "" : $$""","name":"{{name}}" """;
        var response = await api.PostJsonAsync("/v1/test_helpers/test_clocks",
            "{\"test_clock\":{\"frozen_time\":" + frozenTime.ToUnixTimeSeconds() + nameField + "}}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("test_clock");
    }

    public static async Task<HttpResponseMessage> AdvanceAsync(TestMerchant merchant, string clockId, DateTimeOffset to)
    {
        using var api = merchant.Api();
        return await api.PostJsonAsync($"/v1/test_helpers/test_clocks/{clockId}/advance", "{\"test_clock\":{\"frozen_time\":" + to.ToUnixTimeSeconds() + "}}");
    }

    public static async Task<JsonElement> GetAsync(TestMerchant merchant, string clockId)
    {
        using var api = merchant.Api();
        var response = await api.GetAsync($"/v1/test_helpers/test_clocks/{clockId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("test_clock");
    }

    /// <summary>Advances and waits until the clock is ready again (the advance runs in the background).</summary>
    public static async Task<JsonElement> AdvanceAndWaitAsync(TestMerchant merchant, string clockId, DateTimeOffset to)
    {
        var response = await AdvanceAsync(merchant, clockId, to);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("advancing", (await response.ReadJsonAsync()).GetProperty("test_clock").GetProperty("status").GetString());
        return await WaitReadyAsync(merchant, clockId);
    }

    public static async Task<JsonElement> WaitReadyAsync(TestMerchant merchant, string clockId)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var clock = await GetAsync(merchant, clockId);
            if (clock.GetProperty("status").GetString() == "ready") return clock;
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"Test clock {clockId} still advancing after 30 s");
            await Task.Delay(50);
        }
    }

    public static async Task<string> CustomerAsync(TestMerchant merchant, string clockId, string email = "clocked@example.com")
    {
        using var api = merchant.Api();
        var response = await api.PostJsonAsync("/v1/customers", $$"""{"email":"{{email}}","test_clock":"{{clockId}}"}""");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("customer").GetProperty("customer_id").GetString()!;
    }

    public static async Task<HttpResponseMessage> SessionResponseAsync(TestMerchant merchant, string priceId, string customerId,
        DateTimeOffset? expiresAt = null, bool manual = false)
    {
        using var api = merchant.Api();
        var extra = (expiresAt is { } at ? $$""","expires_at":{{at.ToUnixTimeSeconds()}}""" : "") + (manual ? ""","capture_method":"manual" """ : "");
        return await api.PostJsonAsync("/v1/checkout/sessions",
            $$"""{"success_url":"https://shop.example/ok","customer":"{{customerId}}","line_items":[{"price":"{{priceId}}","quantity":1}]{{extra}}}""");
    }

    public static async Task<JsonElement> SessionAsync(TestMerchant merchant, string priceId, string customerId, DateTimeOffset? expiresAt = null,
        bool manual = false)
    {
        var response = await SessionResponseAsync(merchant, priceId, customerId, expiresAt, manual);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("checkout_session");
    }
}
