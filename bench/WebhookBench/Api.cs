using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenCheckout.Bench;

/// <summary>The few API calls the bench makes, each checked: a fast failure must not pass for a fast run.</summary>
sealed class Api(HttpClient http)
{
    public async Task<JsonElement> CallAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {(body.Length <= 500 ? body : body[..500] + "...")}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Setup: a product and one price of 20.00 USD.</summary>
    public async Task<string> CreatePriceAsync(CancellationToken ct)
    {
        var product = await CallAsync(HttpMethod.Post, "/v1/products", """{"name":"Bench T-shirt"}""", ct);
        var productId = product.GetProperty("product").GetProperty("product_id").GetString();
        var price = await CallAsync(HttpMethod.Post, "/v1/prices", $$"""{"product":"{{productId}}","unit_amount":2000,"currency":"usd"}""", ct);
        return price.GetProperty("price").GetProperty("price_id").GetString()!;
    }

    public async Task<string> CreateSessionAsync(string priceId, CancellationToken ct)
    {
        var session = await CallAsync(HttpMethod.Post, "/v1/checkout/sessions", $$"""
            {"success_url":"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
             "cancel_url":"https://shop.example/cancel",
             "line_items":[{"price_id":"{{priceId}}","quantity":1}],"mode":"payment"}
            """, ct);
        return session.GetProperty("checkout_session").GetProperty("id").GetString()!;
    }

    /// <summary>Pays with the default test card (4242 4242 4242 4242); the answer must be the complete session.</summary>
    public async Task PayAsync(string sessionId, string body, CancellationToken ct)
    {
        var paid = await CallAsync(HttpMethod.Post, $"/v1/test_helpers/checkout/sessions/{sessionId}/pay", body, ct);
        var status = paid.GetProperty("checkout_session").GetProperty("status").GetString();
        if (status != "complete") throw new InvalidOperationException($"Session {sessionId} is {status} after the pay helper, not complete.");
    }

    /// <summary>Registers an endpoint; returns its id and signing secret.</summary>
    public async Task<(string Id, string Secret)> CreateWebhookAsync(Uri url, string[] events, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { webhook = new { url = url.ToString(), events } });
        var webhook = (await CallAsync(HttpMethod.Post, "/v1/webhooks", body, ct)).GetProperty("webhook");
        return (webhook.GetProperty("webhook_id").GetString()!, webhook.GetProperty("signing_secret").GetString()!);
    }

    public Task DeleteWebhookAsync(string id, CancellationToken ct) => CallAsync(HttpMethod.Delete, $"/v1/webhooks/{id}", null, ct);

    /// <summary>Every event of the account (test mode), by id and type, paging with starting_after.</summary>
    public async Task<Dictionary<string, string>> AllEventsAsync(CancellationToken ct)
    {
        var events = new Dictionary<string, string>();
        await foreach (var e in PagesAsync("/v1/events?limit=100", "events", "event_id", ct))
            events[e.GetProperty("event_id").GetString()!] = e.GetProperty("event_type").GetString()!;
        return events;
    }

    /// <summary>Every delivery attempt the server recorded for an endpoint.</summary>
    public async Task<List<JsonElement>> AllAttemptsAsync(string webhookId, CancellationToken ct)
    {
        var attempts = new List<JsonElement>();
        await foreach (var a in PagesAsync($"/v1/webhooks/{webhookId}/deliveries?limit=100", "deliveries", "attempt_id", ct)) attempts.Add(a);
        return attempts;
    }

    async IAsyncEnumerable<JsonElement> PagesAsync(string path, string listName, string idName,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        for (var page = 0; page < 1000; page++)
        {
            var list = await CallAsync(HttpMethod.Get, after is null ? path : $"{path}&starting_after={after}", null, ct);
            foreach (var item in list.GetProperty(listName).EnumerateArray())
            {
                after = item.GetProperty(idName).GetString();
                yield return item;
            }
            if (!list.GetProperty("has_more").GetBoolean()) yield break;
        }
        throw new InvalidOperationException($"{path}: more than 1000 pages.");
    }
}
