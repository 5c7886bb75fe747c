using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Cli.Listen;

/// <summary>Forwards one event from the stream to the developer's URL as a webhook would carry it: the event's JSON unchanged, signed
/// with the CLI's own secret under the event's id (Standard Webhooks <c>webhook-*</c> and <c>svix-*</c> headers). One attempt, as
/// Stripe's CLI makes: the app's answer is printed, and a failure is for the developer to see, not to retry.</summary>
sealed class WebhookForwarder(Uri forwardTo, string cliSecret, DeliveryLog log, HttpClient http)
{
    static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(10);
    static readonly ProductInfoHeaderValue UserAgent = new("OpenCheckout-CLI", "1.0");

    /// <summary>Forwards <paramref name="json"/>, prints the outcome, and returns the event's id (null when it has none).</summary>
    public async Task<string?> ForwardAsync(string json, CancellationToken ct)
    {
        var (id, type) = IdAndType(json);
        if (id is null) return null;
        var body = Encoding.UTF8.GetBytes(json);
        var (status, latency, error) = await SendAsync(id, body, ct);
        log.Delivered(id, type, status, latency, error);
        return id;
    }

    async Task<(int? Status, long LatencyMs, string? Error)> SendAsync(string id, byte[] body, CancellationToken ct)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Header(id, timestamp, body, [cliSecret]);
        using var request = new HttpRequestMessage(HttpMethod.Post, forwardTo) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var prefix in (string[])["webhook-", "svix-"])
        {
            request.Headers.TryAddWithoutValidation(prefix + "id", id);
            request.Headers.TryAddWithoutValidation(prefix + "timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(prefix + "signature", signature);
        }
        request.Headers.UserAgent.Add(UserAgent);

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ForwardTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return (status, Elapsed(started), status is >= 200 and < 300 ? null : response.ReasonPhrase);
        }
        catch (HttpRequestException e)
        {
            return (null, Elapsed(started), e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, Elapsed(started), $"No answer within {ForwardTimeout.TotalSeconds:0} s.");
        }
    }

    static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    static (string? Id, string? Type) IdAndType(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? value.GetString() : null;
            return (Text("event_id"), Text("event_type"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }
}
