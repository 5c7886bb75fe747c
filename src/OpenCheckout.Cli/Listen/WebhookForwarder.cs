using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Cli.Listen;

/// <summary>Receives the server's deliveries on the local receiver, checks the server's signature, and forwards each body
/// unchanged, re-signed with the CLI's own secret under the same id (Standard Webhooks <c>webhook-*</c> and <c>svix-*</c>
/// headers), to the developer's URL. The server is answered with the target's verdict — 200 for a 2xx, else 502 — so its
/// retry schedule applies to the local app as it would to a deployed one.</summary>
sealed class WebhookForwarder(Uri forwardTo, string cliSecret, Task<string> serverSecret, DeliveryLog log, HttpClient http)
{
    /// <summary>The server's own attempt times out at 10 s by default (Webhooks:Timeout); the forward fits inside it.</summary>
    static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(9);
    static readonly ProductInfoHeaderValue UserAgent = new("OpenCheckout-CLI", "1.0");

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await context.Response.WriteAsync("opencheckout listen\n", context.RequestAborted);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value.ToString() : null;

        // The secret arrives with the create response; a delivery can beat it here by a few milliseconds.
        var secret = await serverSecret.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
        var id = Header("webhook-id") ?? Header("svix-id");
        var failure = WebhookSignature.Verify(body, Header, secret, WebhookSignature.DefaultTolerance);
        if (failure is not null || id is null)
        {
            log.Rejected(id, failure ?? "no webhook-id header");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var (status, latency, error) = await ForwardAsync(id, body, context.RequestAborted);
        log.Delivered(id, EventType(body), status, latency, error);
        context.Response.StatusCode = status is >= 200 and < 300 ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway;
        if (context.Response.StatusCode != StatusCodes.Status200OK)
            await context.Response.WriteAsync($"Forward to {forwardTo} failed: {error ?? $"HTTP {status}"}\n", context.RequestAborted);
    }

    async Task<(int? Status, long LatencyMs, string? Error)> ForwardAsync(string id, byte[] body, CancellationToken ct)
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

    static string? EventType(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("event_type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
