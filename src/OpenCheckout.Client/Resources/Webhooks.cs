using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OpenCheckout.Client.Http;
using OpenCheckout.Wire;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Client.Resources;

/// <summary><c>/v1/webhooks</c>, and verification of what they deliver.</summary>
public sealed class WebhooksClient
{
    readonly ApiTransport _api;

    internal WebhooksClient(ApiTransport api) => _api = api;

    /// <summary>Registers an endpoint. Keep <see cref="WebhookEndpoint.SigningSecret"/>: it is shown only now.</summary>
    public async Task<WebhookEndpoint> CreateAsync(CreateWebhookRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("webhooks", request, ClientJson.Default.CreateWebhookRequest, WireJson.Default.WebhookEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Webhook;

    public async Task<WebhookEndpoint> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync(Path(id), null, WireJson.Default.WebhookEnvelope, ct).ConfigureAwait(false)).Webhook;

    public async Task<WebhookEndpoint> UpdateAsync(string id, UpdateWebhookRequest request, RequestOptions? requestOptions = null,
        CancellationToken ct = default) =>
        (await _api.PatchAsync(Path(id), request, ClientJson.Default.UpdateWebhookRequest, WireJson.Default.WebhookEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Webhook;

    /// <summary>Deletes the endpoint and returns it as it was.</summary>
    public async Task<WebhookEndpoint> DeleteAsync(string id, CancellationToken ct = default) =>
        (await _api.DeleteAsync(Path(id), WireJson.Default.WebhookEnvelope, ct).ConfigureAwait(false)).Webhook;

    public async Task<ListPage<WebhookEndpoint>> ListAsync(ListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("webhooks", (options ?? new()).ToQuery(), WireJson.Default.WebhookList, ct).ConfigureAwait(false);
        return new(list.Webhooks, list.HasMore);
    }

    public IAsyncEnumerable<WebhookEndpoint> ListAutoPagingAsync(ListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, w => w.WebhookId, ct);

    /// <summary>Issues a new signing secret (returned only now); the old one keeps signing alongside it for 24 hours.</summary>
    public async Task<WebhookEndpoint> RotateSecretAsync(string id, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync(Path(id) + "/rotate_secret", WireJson.Default.WebhookEnvelope, requestOptions, ct).ConfigureAwait(false)).Webhook;

    /// <summary>Every delivery attempt to the endpoint, newest first: status code, latency, error.</summary>
    public async Task<ListPage<WebhookDeliveryAttempt>> ListDeliveriesAsync(string id, WebhookDeliveryListOptions? options = null,
        CancellationToken ct = default)
    {
        var list = await _api.GetAsync(Path(id) + "/deliveries", (options ?? new()).ToQuery(), WireJson.Default.WebhookDeliveryList, ct)
            .ConfigureAwait(false);
        return new(list.Deliveries, list.HasMore);
    }

    public IAsyncEnumerable<WebhookDeliveryAttempt> ListDeliveriesAutoPagingAsync(string id, WebhookDeliveryListOptions? options = null,
        CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), (o, token) => ListDeliveriesAsync(id, o, token), a => a.AttemptId, ct);

    /// <summary>Verifies a delivery and parses it. Pass the body exactly as received (re-serialised JSON does not match
    /// the signature) and a header lookup such as <c>name =&gt; request.Headers[name]</c>.</summary>
    /// <param name="body">The raw request body.</param>
    /// <param name="header">Looks a header up by name (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>, or <c>svix-*</c>).</param>
    /// <param name="secret">The endpoint's <c>fwhsec_...</c> signing secret.</param>
    /// <param name="tolerance">How far the <c>webhook-timestamp</c> may be from now (default 5 minutes), against replays.</param>
    /// <exception cref="WebhookSignatureException">Missing headers, no matching signature, or a timestamp outside the tolerance.</exception>
    /// <exception cref="JsonException">Signed, but not an event.</exception>
    public WebhookEvent ConstructEvent(string body, Func<string, string?> header, string secret, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var failure = WebhookSignature.Verify(Encoding.UTF8.GetBytes(body), header, secret,
            tolerance ?? WebhookSignature.DefaultTolerance, _api.Options.TimeProvider.GetUtcNow());
        if (failure is not null) throw new WebhookSignatureException(failure);
        return WebhookEvent.Parse(body);
    }

    /// <summary>As <see cref="ConstructEvent(string, Func{string, string?}, string, TimeSpan?)"/>, with headers as name/value
    /// pairs (any dictionary); names are matched without regard to case.</summary>
    public WebhookEvent ConstructEvent(string body, IEnumerable<KeyValuePair<string, string>> headers, string secret, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers) byName[name] = value;
        return ConstructEvent(body, name => byName.GetValueOrDefault(name), secret, tolerance);
    }

    /// <summary>As <see cref="ConstructEvent(string, Func{string, string?}, string, TimeSpan?)"/>, with multi-valued headers
    /// such as <see cref="System.Net.Http.Headers.HttpHeaders"/>.</summary>
    public WebhookEvent ConstructEvent(string body, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, string secret,
        TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers) byName[name] = string.Join(' ', values);
        return ConstructEvent(body, name => byName.GetValueOrDefault(name), secret, tolerance);
    }

    static string Path(string id) => $"webhooks/{Uri.EscapeDataString(id)}";
}

/// <summary>An open event stream (<see cref="EventsClient.OpenStreamAsync"/>): read it once; dispose it to close the connection.</summary>
public sealed class EventStreamConnection : IAsyncDisposable
{
    readonly HttpResponseMessage _response;
    readonly Stream _body;
    readonly TimeSpan _idleTimeout;

    internal EventStreamConnection(HttpResponseMessage response, Stream body, TimeSpan idleTimeout) =>
        (_response, _body, _idleTimeout) = (response, body, idleTimeout);

    /// <summary>Each event's JSON as the server sent it, until the connection ends or <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<string> ReadJsonAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in SseParser.Create(new IdleTimeoutStream(_body, _idleTimeout)).EnumerateAsync(ct).ConfigureAwait(false))
            if (item.Data.Length > 0) yield return item.Data;
    }

    /// <summary>Reads that fail when nothing arrives for the idle timeout (a cancelled read also drops the connection).</summary>
    sealed class IdleTimeoutStream(Stream inner, TimeSpan idleTimeout) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            idle.CancelAfter(idleTimeout);
            try
            {
                return await inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new IOException($"Nothing came from the server for {idleTimeout.TotalSeconds:0} s (it sends a keep-alive every 15 s): the connection is lost.", e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>As <see cref="ReadJsonAsync"/>, parsed.</summary>
    public async IAsyncEnumerable<WebhookEvent> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var json in ReadJsonAsync(ct).ConfigureAwait(false)) yield return WebhookEvent.Parse(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}

/// <summary><c>/v1/events</c>: every event, as it was delivered.</summary>
public sealed class EventsClient
{
    readonly ApiTransport _api;

    internal EventsClient(ApiTransport api) => _api = api;

    public async Task<WebhookEvent> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"events/{Uri.EscapeDataString(id)}", null, ClientJson.Default.EventEnvelope, ct).ConfigureAwait(false)).Event;

    public async Task<ListPage<WebhookEvent>> ListAsync(EventListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("events", (options ?? new()).ToQuery(), ClientJson.Default.EventList, ct).ConfigureAwait(false);
        return new(list.Events, list.HasMore);
    }

    public IAsyncEnumerable<WebhookEvent> ListAutoPagingAsync(EventListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, e => e.EventId, ct);

    /// <summary>Test mode: the account's events as they happen (<c>GET /v1/events/stream</c>), until <paramref name="ct"/> is
    /// cancelled or the connection ends (then resume with <see cref="EventStreamOptions.LastEventId"/> set to the last event's id).</summary>
    /// <exception cref="OpenCheckoutException">The stream was refused (a live key, an unknown type or event id, too many open
    /// streams), or the server could not be reached.</exception>
    public async IAsyncEnumerable<WebhookEvent> StreamAsync(EventStreamOptions? options = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var json in StreamJsonAsync(options, ct).ConfigureAwait(false)) yield return WebhookEvent.Parse(json);
    }

    /// <summary>As <see cref="StreamAsync"/>, each event's JSON as the server sent it (the body a webhook of it carries): for
    /// forwarding or storing an event without re-serialising it.</summary>
    public async IAsyncEnumerable<string> StreamJsonAsync(EventStreamOptions? options = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var connection = await OpenStreamAsync(options, ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await foreach (var json in connection.ReadJsonAsync(ct).ConfigureAwait(false)) yield return json;
        }
    }

    /// <summary>Opens the event stream and returns once the server has accepted it (before any event), for a caller that must
    /// know it is connected — to say so, or to tell a refusal from a dropped connection.</summary>
    /// <exception cref="OpenCheckoutException">Refused, or the server could not be reached.</exception>
    public async Task<EventStreamConnection> OpenStreamAsync(EventStreamOptions? options = null, CancellationToken ct = default)
    {
        options ??= new();
        var headers = options.LastEventId is { } last ? new Dictionary<string, string> { ["Last-Event-ID"] = last } : new();
        var response = await _api.OpenStreamAsync("events/stream", options.ToQuery(), headers, ct).ConfigureAwait(false);
        try
        {
            return new EventStreamConnection(response, await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), options.IdleTimeout);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Delivers the event again now: to every subscribed endpoint, or only to <paramref name="webhookId"/>.</summary>
    public async Task<WebhookEvent> RetryAsync(string id, string? webhookId = null, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync($"events/{Uri.EscapeDataString(id)}/retry", new RetryEventRequest(webhookId), ClientJson.Default.RetryEventRequest,
            ClientJson.Default.EventEnvelope, requestOptions, ct).ConfigureAwait(false)).Event;
}
