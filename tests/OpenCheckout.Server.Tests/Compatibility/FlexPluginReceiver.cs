using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Server.Tests.Compatibility;

/// <summary>The plugin's webhook endpoint (WebhookController) ported line by line: the signature is checked as
/// <c>permission_callback</c> does it — id and timestamp from <c>webhook-*</c> (else <c>svix-*</c>), the first
/// space-separated signature's part after the comma, HMAC-SHA256 over "{id}.{timestamp}.{body}" keyed with the base64
/// decoding of the secret's part after '_' — then <c>handle</c> answers 422 to event types it does not know and to a
/// checkout.session.completed without <c>object.checkout_session</c>, and reads success_url (from_flex throws without it).</summary>
sealed class FlexPluginReceiver : IAsyncDisposable
{
    static readonly string[] Handled = ["checkout.session.completed", "refund.updated"];

    readonly WebApplication _app;

    public sealed record Received(int Status, string? EventType, JsonElement? Body, string HeaderFamily);

    public ConcurrentQueue<Received> Deliveries { get; } = new();

    /// <summary>Set after registering the webhook: the plugin stores signing_secret from the create response.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Verify with the svix-* headers instead, as the plugin does when webhook-* are absent.</summary>
    public bool UseSvixHeaders { get; set; }

    FlexPluginReceiver(WebApplication app) => _app = app;

    public string Url => new Uri(new Uri(_app.Urls.First()), "/wp-json/wc-flex/v1/test/webhooks").ToString();

    public static async Task<FlexPluginReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new FlexPluginReceiver(app);
        app.MapPost("/wp-json/wc-flex/v1/test/webhooks", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var family = UseSvixHeaders ? "svix-" : "webhook-";
        if (!PermissionCallback(request, body, family))
            return Record(new Received(401, null, null, family), Results.Json(new { code = "rest_forbidden" }, statusCode: 401));

        var data = JsonDocument.Parse(body).RootElement.Clone();
        if (!data.TryGetProperty("event_type", out var type))
            return Record(new Received(422, null, data, family), Results.Json(new { error = "Webhook Event missing event_type" }, statusCode: 422));
        var eventType = type.GetString();
        if (!Handled.Contains(eventType))
            return Record(new Received(422, eventType, data, family), Results.Json(new { error = $"Cannot handle webhook of type {eventType}" }, statusCode: 422));
        if (eventType == "checkout.session.completed"
            && (!data.GetProperty("object").TryGetProperty("checkout_session", out var session) || session.ValueKind != JsonValueKind.Object))
            return Record(new Received(422, eventType, data, family), Results.Json(new { error = "Event missing checkout session" }, statusCode: 422));
        if (eventType == "checkout.session.completed" && !data.GetProperty("object").GetProperty("checkout_session").TryGetProperty("success_url", out _))
            return Record(new Received(500, eventType, data, family), Results.StatusCode(500)); // FlexException: Success URL missing
        if (eventType == "refund.updated" && !data.GetProperty("object").TryGetProperty("refund", out _))
            return Record(new Received(422, eventType, data, family), Results.Json(new { error = "Event missing refund" }, statusCode: 422));
        return Record(new Received(200, eventType, data, family), Results.Json<object?>(null));
    }

    IResult Record(Received received, IResult result)
    {
        Deliveries.Enqueue(received);
        return result;
    }

    bool PermissionCallback(HttpRequest request, string body, string family)
    {
        var eventId = request.Headers[family + "id"].ToString();
        var timestamp = request.Headers[family + "timestamp"].ToString();
        var versioned = request.Headers[family + "signature"].ToString();
        if (eventId.Length == 0 || timestamp.Length == 0 || versioned.Length == 0) return false;
        var content = $"{eventId}.{timestamp}.{body}";
        // [$sig] = explode(' ', $versioned); [, $signature] = explode(',', $sig);
        var signature = versioned.Split(' ')[0].Split(',')[1];
        var split = (SigningSecret ?? "").Split('_');
        if (split.Length < 2 || split[1].Length == 0) return false;
        byte[] key, decoded;
        try
        {
            key = Convert.FromBase64String(split[1]);
            decoded = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content));
        return CryptographicOperations.FixedTimeEquals(expected, decoded);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
