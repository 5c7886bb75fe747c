using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Faults;

/// <summary>What a merchant's server does with our API when things fail: every write carries an <c>Idempotency-Key</c>,
/// and a request that got no answer (connection reset, timeout, 502/503, 409 <c>idempotency_key_in_use</c>) is sent again
/// with the same key until it is answered or <see cref="GiveUpAfter"/> has passed. It records what it saw.</summary>
sealed class KeyedClient(HttpClient api)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public sealed record Answer(string Key, int Status, JsonElement Body, int Attempts, TimeSpan AnsweredAt, bool Replayed);

    readonly Stopwatch _clock = Stopwatch.StartNew();
    public ConcurrentQueue<(string Key, string What, TimeSpan At)> Unanswered { get; } = new();
    public ConcurrentQueue<(string Key, TimeSpan At)> InUse { get; } = new();
    public ConcurrentQueue<string> Acknowledged { get; } = new();
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Sends until answered (any status but the retryable ones); null if it never was.</summary>
    public async Task<Answer?> PostAsync(string path, string json, string key)
    {
        var deadline = _clock.Elapsed + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await api.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status == 409 && text.Contains("idempotency_key_in_use")) InUse.Enqueue((key, _clock.Elapsed));
                else if (status == 429)
                {
                    // Past the key's rate limit: wait as long as the answer says, as Stripe's client libraries do.
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                }
                else if (status is not (502 or 503 or 504))
                {
                    if (status is >= 200 and < 300) Acknowledged.Enqueue(key);
                    return new Answer(key, status, JsonDocument.Parse(text).RootElement.Clone(), attempt, _clock.Elapsed,
                        response.Headers.Contains("Idempotent-Replayed"));
                }
                else Unanswered.Enqueue((key, status.ToString(), _clock.Elapsed));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Unanswered.Enqueue((key, e.GetType().Name, _clock.Elapsed));
            }
            if (_clock.Elapsed > deadline) return null;
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public static bool Is2xx(Answer? answer) => answer is { Status: >= 200 and < 300 };
    public static HttpStatusCode StatusOf(Answer answer) => (HttpStatusCode)answer.Status;
}
