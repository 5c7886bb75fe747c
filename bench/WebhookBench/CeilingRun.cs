using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Bench;

sealed record CeilingResult(int Warmup, int Posts, int Concurrency, double MeanBodyBytes, double Seconds, double PostsPerSecond,
    int SignatureFailures, int Malformed);

/// <summary>The baseline for part 2: how many deliveries per second the receiver takes when the bench itself is
/// the sender. The bodies the server delivered (cycled through), signed and sent with the same headers the server
/// sends, at most <see cref="Concurrency"/> in flight (the server's MaxConcurrency), timed the same way: from the
/// first to the last arrival at the receiver. At least <see cref="MinPosts"/> posts, so that the run lasts long
/// enough to time.</summary>
static class CeilingRun
{
    public const string Path = "/ceiling";
    public const int Concurrency = 32;
    public const int MinPosts = 20_000;
    const int Warmup = 2_000;

    public static async Task<CeilingResult> RunAsync(Receiver receiver, IReadOnlyList<byte[]> bodies, CancellationToken ct)
    {
        var secret = WebhookSignature.NewSecret();
        var sink = receiver.Add(Path, secret);
        var url = receiver.UrlFor(Path);
        var ids = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("event_id").GetString()!).ToList();

        // Like the server's webhook client: pooled keep-alive connections, no redirects, no cookies.
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

        await SendAllAsync(http, url, secret, bodies, ids, Warmup, ct);
        var measuredFrom = sink.Count;
        var posts = Math.Max(MinPosts, bodies.Count);
        await SendAllAsync(http, url, secret, bodies, ids, posts, ct);
        var measured = sink.Arrivals.Skip(measuredFrom).OrderBy(a => a.Timestamp).ToList();
        if (measured.Count != posts) throw new InvalidOperationException($"{measured.Count} of {posts} posts reached the receiver.");
        var seconds = Stopwatch.GetElapsedTime(measured[0].Timestamp, measured[^1].Timestamp).TotalSeconds;
        return new CeilingResult(Warmup, posts, Concurrency, measured.Average(a => a.Body.Length), seconds,
            (measured.Count - 1) / seconds, sink.SignatureFailures, sink.Malformed);
    }

    static async Task SendAllAsync(HttpClient http, Uri url, string secret, IReadOnlyList<byte[]> bodies, List<string> ids, int count,
        CancellationToken ct)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = bodies[i % bodies.Count];
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                var id = ids[i % bodies.Count];
                var signature = WebhookSignature.Header(id, timestamp, body, [secret]);
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                foreach (var prefix in (string[])["webhook-", "svix-"])
                {
                    request.Headers.TryAddWithoutValidation(prefix + "id", id);
                    request.Headers.TryAddWithoutValidation(prefix + "timestamp", timestamp.ToString());
                    request.Headers.TryAddWithoutValidation(prefix + "signature", signature);
                }
                request.Headers.UserAgent.ParseAdd("OpenCheckout-WebhookBench/1.0");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"The receiver answered {(int)response.StatusCode} to a ceiling post.");
            }
        });
        await Task.WhenAll(workers);
    }
}
