using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.Webhooks;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>The calls webhook tests make over the API, and the one in-process call: running the dispatcher.</summary>
static class WebhookKit
{
    public const string DeclinedCard = "4000000000000002";

    /// <summary>Settings for tests that move the clock by hours or days: the fake clock fires the expiry sweeper's periodic
    /// timer once per elapsed period, and at the default 30 s a jump of a day costs seconds of real time.</summary>
    public static IReadOnlyDictionary<string, string?> ClockJumpSettings => new Dictionary<string, string?>
    {
        ["OpenCheckout:Sessions:SweepInterval"] = "01:00:00",
    };

    /// <summary>Sends everything due at the app's current (fake) time and waits until every attempt is recorded.</summary>
    public static Task DeliverDueAsync(this TestApp app) => app.Services.GetRequiredService<WebhookDispatcher>().DeliverDueAsync();

    public static DateTimeOffset Now(this TestApp app) => app.Clock.GetUtcNow();

    /// <summary>Registers an endpoint; the returned object carries the signing secret (shown only now).</summary>
    public static async Task<JsonElement> CreateWebhookAsync(this TestMerchant merchant, string url, string[] events, bool live = false)
    {
        using var api = merchant.Api(live);
        var response = await api.PostAsync("/v1/webhooks",
            Json.Body(JsonSerializer.Serialize(new { webhook = new { url, events } })));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("webhook");
    }

    public static async Task<HttpResponseMessage> PayAsync(this TestMerchant merchant, string sessionId, string? cardNumber = null)
    {
        using var api = merchant.Api();
        var body = cardNumber is null ? "{}" : JsonSerializer.Serialize(new { card_number = cardNumber });
        return await api.PostAsync($"/v1/test_helpers/checkout/sessions/{sessionId}/pay", Json.Body(body));
    }

    /// <summary>A new session paid with the default test card and buyer: five events the first time (intent created,
    /// customer created, intent succeeded, charge succeeded, session completed), four once the customer exists.</summary>
    public static async Task<string> CreatePaidSessionAsync(this TestMerchant merchant)
    {
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        var id = session.GetProperty("id").GetString()!;
        var paid = await merchant.PayAsync(id);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        return id;
    }

    /// <summary>GET /v1/events, newest first.</summary>
    public static async Task<List<JsonElement>> ListEventsAsync(this TestMerchant merchant, string query = "limit=100")
    {
        using var api = merchant.Api();
        var response = await api.GetAsync($"/v1/events?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("events").EnumerateArray().ToList();
    }

    /// <summary>GET /v1/webhooks/{id}/deliveries: every attempt, newest first.</summary>
    public static async Task<List<JsonElement>> DeliveriesAsync(this TestMerchant merchant, string webhookId)
    {
        using var api = merchant.Api();
        var response = await api.GetAsync($"/v1/webhooks/{webhookId}/deliveries?limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("deliveries").EnumerateArray().ToList();
    }

    public static async Task<JsonElement> GetWebhookAsync(this TestMerchant merchant, string webhookId)
    {
        using var api = merchant.Api();
        var response = await api.GetAsync($"/v1/webhooks/{webhookId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("webhook");
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
