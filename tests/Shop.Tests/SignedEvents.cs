using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenCheckout.Client;
using OpenCheckout.Webhooks;
using OpenCheckout.Wire;

namespace Shop.Tests;

/// <summary>Events exactly as the server recorded them, and deliveries of them signed the way its dispatcher signs.</summary>
static class SignedEvents
{
    /// <summary>The <c>checkout.session.completed</c> event of <paramref name="sessionId"/>: its id and its payload, byte
    /// for byte what a delivery carries (<c>GET /v1/events/{id}</c> wraps the stored payload, unchanged).</summary>
    public static async Task<(string EventId, string Payload)> CompletedEventAsync(CheckoutServer server, string sessionId)
    {
        using var client = server.Client();
        string? eventId = null;
        await foreach (var ev in client.Events.ListAutoPagingAsync(new() { Type = "checkout.session.completed", Limit = 100 }))
            if (ev.CheckoutSession?.Id == sessionId) { eventId = ev.EventId; break; }
        Assert.NotNull(eventId);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.TestKey);
        var envelope = await http.GetStringAsync($"/v1/events/{eventId}");
        using var json = JsonDocument.Parse(envelope);
        return (eventId, json.RootElement.GetProperty("event").GetRawText());
    }

    /// <summary>A POST of <paramref name="payload"/> to the shop's /webhooks with Standard Webhooks headers.</summary>
    public static HttpRequestMessage Delivery(string eventId, string payload, string secret, DateTimeOffset? at = null)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("webhook-signature", WebhookSignature.Header(eventId, timestamp, body, [secret]));
        return request;
    }

    /// <summary>The shop's answer to a delivery: <c>{received, handled, order_id, already_processed}</c>.</summary>
    public static async Task<JsonElement> ReadAnswerAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Pays the session headlessly (the test helper runs the hosted page's payment code).</summary>
    public static async Task PayAsync(CheckoutServer server, string sessionId, string email = "jo@example.com")
    {
        using var client = server.Client();
        await client.TestHelpers.PayCheckoutSessionAsync(sessionId, new PayCheckoutSessionRequest { Email = email, Name = "Jo Doe" });
    }
}
