using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Refunds;

/// <summary>Paid sessions and event look-ups for the refund and dispute tests, all over HTTP.</summary>
static class Paid
{
    public sealed record PaidSession(string SessionId, string PaymentIntentId, JsonElement Session);

    /// <summary>A session of one line of <paramref name="amount"/>, paid through the test helper with <paramref name="card"/>.</summary>
    public static async Task<PaidSession> SessionAsync(TestMerchant merchant, long amount, string card = "4242424242424242")
    {
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync(amount));
        return await PayAsync(merchant, session.GetProperty("id").GetString()!, card);
    }

    /// <summary>A session with one line per (price, quantity), paid with 4242….</summary>
    public static async Task<PaidSession> SessionWithLinesAsync(TestMerchant merchant, params (string PriceId, long Quantity)[] lines)
    {
        using var api = merchant.Api();
        var items = string.Join(",", lines.Select(l => $$"""{"price":"{{l.PriceId}}","quantity":{{l.Quantity}}}"""));
        var created = await api.PostAsync("/v1/checkout/sessions",
            Json.Body($$"""{"success_url":"https://shop.example/ok","line_items":[{{items}}]}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return await PayAsync(merchant, (await created.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("id").GetString()!);
    }

    public static async Task<PaidSession> PayAsync(TestMerchant merchant, string sessionId, string card = "4242424242424242")
    {
        using var api = merchant.Api();
        var paid = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{sessionId}/pay", Json.Body($$"""{"card_number":"{{card}}"}"""));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var session = (await paid.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("complete", session.GetProperty("status").GetString());
        return new PaidSession(sessionId, session.GetProperty("payment_intent").GetString()!, session);
    }

    public static async Task<string> ProductOfAsync(TestMerchant merchant, string priceId)
    {
        using var api = merchant.Api();
        return (await (await api.GetAsync($"/v1/prices/{priceId}")).ReadJsonAsync()).GetProperty("price").GetProperty("product").GetString()!;
    }

    /// <summary>Every event of <paramref name="type"/> (up to 100), newest first.</summary>
    public static async Task<List<JsonElement>> EventsAsync(TestMerchant merchant, string type)
    {
        using var api = merchant.Api();
        var response = await api.GetAsync($"/v1/events?type={type}&limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("events").EnumerateArray().ToList();
    }

    public static async Task<List<JsonElement>> RefundsAsync(TestMerchant merchant, string query = "")
    {
        using var api = merchant.Api();
        var response = await api.GetAsync($"/v1/refunds?limit=100{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("refunds").EnumerateArray().ToList();
    }

    public static async Task<JsonElement> PaymentIntentAsync(TestMerchant merchant, string id)
    {
        using var api = merchant.Api();
        return (await (await api.GetAsync($"/v1/payment_intents/{id}")).ReadJsonAsync()).GetProperty("payment_intent");
    }

    public static string ErrorCode(this JsonElement body) => body.GetProperty("error").GetProperty("code").GetString()!;

    public static string? ErrorParam(this JsonElement body) => body.GetProperty("error").GetProperty("param").GetString();
}
