using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>Delivers events one at a time, in order, signed as Stripe signs them; holds them while tests ask for it.
/// Deliveries are not retried: a test that needs a second delivery asks for it (<see cref="FakeStripe.ResendLastEvents"/>).</summary>
internal sealed class WebhookSender : IAsyncDisposable
{
    readonly Channel<FakeStripeEvent> _queue = Channel.CreateUnbounded<FakeStripeEvent>(new() { SingleReader = true });
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    readonly Func<string?> _url;
    readonly string _secret;
    readonly List<FakeStripeEvent> _held = [];
    readonly Task _loop;
    int _pending;

    public WebhookSender(Func<string?> url, string secret)
    {
        _url = url;
        _secret = secret;
        _loop = Task.Run(DeliverAsync);
    }

    public bool Hold { get; set; }

    public List<(string EventId, int Status)> Deliveries { get; } = [];

    public void Send(FakeStripeEvent e)
    {
        lock (_held)
        {
            if (Hold)
            {
                _held.Add(e);
                return;
            }
        }
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(e);
    }

    public async Task ReleaseAsync(bool reverse)
    {
        List<FakeStripeEvent> held;
        lock (_held)
        {
            Hold = false;
            held = reverse ? Enumerable.Reverse(_held).ToList() : [.. _held];
            _held.Clear();
        }
        foreach (var e in held) Send(e);
        await IdleAsync();
    }

    /// <summary>Waits until every queued event has been delivered (or failed to be).</summary>
    public async Task IdleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref _pending) > 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
    }

    /// <summary>Stripe-Signature for a payload: t=unix seconds, v1=hex HMAC-SHA256 of "t.payload" keyed with the whole
    /// whsec_ string, as https://docs.stripe.com/webhooks#verify-manually describes.</summary>
    public static string Sign(string payload, string secret, long timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    async Task DeliverAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync())
        {
            try
            {
                if (_url() is { } url)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = new StringContent(e.Json, Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("Stripe-Signature", Sign(e.Json, _secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
                    request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
                    int status;
                    try
                    {
                        using var response = await _http.SendAsync(request);
                        status = (int)response.StatusCode;
                    }
                    catch (HttpRequestException) { status = 0; }
                    catch (TaskCanceledException) { status = 0; }
                    lock (Deliveries) Deliveries.Add((e.Id, status));
                }
            }
            finally { Interlocked.Decrement(ref _pending); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _http.Dispose();
    }
}
