using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;
using OpenCheckout.Server.Infrastructure.Telemetry;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Sends due deliveries: claims them in the database with a lease naming this node's instance (so several
/// nodes share the work, and a crashed node's claims are released as soon as its instance is found gone), posts each signed event concurrently with the others (a slow endpoint
/// holds one slot, never the queue), and records every attempt and the next retry in the database.</summary>
public sealed class WebhookDispatcher(IUnitOfWork writes, TimeProvider clock, IHttpClientFactory httpClients,
    IOptions<OpenCheckoutOptions> options, WebhookSignal signal, ThisNode node, WebhookFanOut fanOut, CheckoutTelemetry telemetry,
    ILogger<WebhookDispatcher> log)
{
    public const string PublicClientName = "webhooks";
    public const string LocalClientName = "webhooks-test-mode-local";
    const int SnippetLength = 500;

    /// <summary>Retries after the first failure (contract section 10); ±10% jitter spreads retries out.</summary>
    public static readonly TimeSpan[] RetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    OpenCheckoutOptions.WebhookOptions Settings => options.Value.Webhooks;
    readonly SemaphoreSlim _claiming = new(1, 1);
    readonly ConcurrentDictionary<string, Task> _inFlight = new();
    readonly ConcurrentDictionary<string, int> _inFlightPerEndpoint = new();

    sealed record Work(string DeliveryId, string LockToken, int Attempts, string EventId, string EventType, string Payload,
        string AccountId, bool TestMode, string EndpointId, string Url, string EndpointStatus, List<string> Secrets);

    /// <summary>Makes the deliveries of newly recorded events, claims what is due and starts sending it, without waiting for the
    /// sends. True when more may be due than this pass took: events left to fan out, deliveries left for want of a slot.</summary>
    public async Task<bool> StartDueAsync(CancellationToken ct)
    {
        await _claiming.WaitAsync(ct);
        try
        {
            var room = Settings.MaxConcurrency - _inFlight.Count;
            // A claim that left deliveries due (no free slot, or their endpoint's slots taken): each of its sends wakes the
            // worker when it ends, so a backlog drains as fast as receivers answer instead of MaxConcurrency per poll interval.
            var (claimed, mayBeMore, moreEvents) = await ClaimAsync(room, ct);
            if (moreEvents) signal.Wake(); // a backlog of events: the next batch at once
            foreach (var work in claimed)
            {
                _inFlightPerEndpoint.AddOrUpdate(work.EndpointId, 1, (_, n) => n + 1);
                // The endpoint's slot is given back inside the send's task: whoever sees the send done sees its slot free.
                var send = Task.Run(async () =>
                {
                    try
                    {
                        await SendAsync(work);
                    }
                    finally
                    {
                        _inFlightPerEndpoint.AddOrUpdate(work.EndpointId, 0, (_, n) => n - 1);
                    }
                }, CancellationToken.None);
                _inFlight[work.DeliveryId] = send;
                _ = send.ContinueWith(done =>
                {
                    _inFlight.TryRemove(KeyValuePair.Create(work.DeliveryId, done));
                    if (mayBeMore) signal.Wake();
                }, TaskScheduler.Default);
            }
            return moreEvents || mayBeMore || room <= 0;
        }
        finally
        {
            _claiming.Release();
        }
    }

    /// <summary>Sends everything due now and waits until every send in flight on this node has been recorded, claiming
    /// again as slots free up when more is due than <c>MaxConcurrency</c>. Tests call it after moving the clock; the
    /// worker uses <see cref="StartDueAsync"/>.</summary>
    public async Task DeliverDueAsync(CancellationToken ct = default)
    {
        while (true)
        {
            var more = await StartDueAsync(ct);
            await _claiming.WaitAsync(ct); // a claim the worker is making now has its sends in _inFlight once this returns
            _claiming.Release();
            var sending = _inFlight.Values.ToArray();
            if (sending.Length == 0)
            {
                if (!more) return;
                // Slots looked taken by sends that had just ended (they leave _inFlight a moment after): look again.
                await Task.Delay(10, ct);
                continue;
            }
            await Task.WhenAll(sending);
        }
    }

    /// <summary>Fans out newly recorded events (<see cref="WebhookFanOut"/>), then claims up to <paramref name="limit"/> due
    /// deliveries: one unit of work per wake-up. MoreDue: deliveries were left due; MoreEvents: events were left to fan out.</summary>
    Task<(List<Work> Claimed, bool MoreDue, bool MoreEvents)> ClaimAsync(int limit, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
    {
        var moreEvents = await fanOut.RunAsync(db, ct);
        if (limit <= 0) return ([], false, moreEvents);
        var now = clock.GetUtcNow().UtcDateTime;
        // More candidates than slots: an endpoint already sending MaxConcurrencyPerEndpoint on this node gets no more, so one
        // slow receiver holds a few slots, never all of them, and the others' deliveries go on.
        var candidates = await db.WebhookDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => new { d.Id, d.EndpointId })
            .Take(limit * 4)
            .TagWith(RowLocks.SkipLocked)
            .ToListAsync(ct);
        var perEndpoint = new Dictionary<string, int>();
        var due = new List<string>();
        foreach (var candidate in candidates)
        {
            var sending = perEndpoint.GetValueOrDefault(candidate.EndpointId, _inFlightPerEndpoint.GetValueOrDefault(candidate.EndpointId));
            if (sending >= Settings.MaxConcurrencyPerEndpoint) continue;
            perEndpoint[candidate.EndpointId] = sending + 1;
            due.Add(candidate.Id);
            if (due.Count == limit) break;
        }
        var moreDue = candidates.Count > due.Count;
        if (due.Count == 0) return ([], moreDue, moreEvents);

        var token = Guid.NewGuid().ToString("N");
        var leaseEnd = now + Lease;
        await db.WebhookDeliveries
            .Where(d => due.Contains(d.Id) && d.Status == DeliveryStatus.Pending && (d.LockedUntil == null || d.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, leaseEnd).SetProperty(d => d.LockToken, token)
                .SetProperty(d => d.LockedBy, node.InstanceId), ct);

        var claimed = await (
            from d in db.WebhookDeliveries
            where d.LockToken == token
            join e in db.Events on d.EventId equals e.Id
            join endpoint in db.WebhookEndpoints on d.EndpointId equals endpoint.Id
            select new { d.Id, d.Attempts, Event = e, Endpoint = endpoint }).AsNoTracking().ToListAsync(ct);
        return (claimed.Select(c => new Work(c.Id, token, c.Attempts, c.Event.Id, c.Event.Type, c.Event.Payload, c.Event.AccountId,
            c.Event.TestMode, c.Endpoint.Id, c.Endpoint.Url, c.Endpoint.Status, c.Endpoint.SigningSecrets(now).ToList())).ToList(), moreDue, moreEvents);
    }, ct);

    async Task SendAsync(Work work)
    {
        using var activity = CheckoutTelemetry.Traces.StartActivity("webhook.send");
        activity?.SetTag("opencheckout.event_type", work.EventType);
        activity?.SetTag("opencheckout.attempt", work.Attempts + 1);
        if (work.EndpointStatus != WebhookStatus.Enabled)
        {
            await RecordAsync(work, null, 0, "Not sent: the endpoint is disabled.", null, finalFailure: true);
            return;
        }

        var body = Encoding.UTF8.GetBytes(work.Payload);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = WebhookSignature.Header(work.EventId, timestamp, body, work.Secrets);
        using var request = new HttpRequestMessage(HttpMethod.Post, work.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        foreach (var prefix in (string[])["webhook-", "svix-"])
        {
            request.Headers.TryAddWithoutValidation(prefix + "id", work.EventId);
            request.Headers.TryAddWithoutValidation(prefix + "timestamp", timestamp.ToString());
            request.Headers.TryAddWithoutValidation(prefix + "signature", signature);
        }
        request.Headers.UserAgent.ParseAdd("OpenCheckout-Webhooks/1.0");
        // Test mode may reach local targets (Webhooks:TestModeTargets), but what they answer is never kept: the delivery log
        // must not become a way to read an internal service. Only an answer from a public address is kept.
        var local = work.TestMode && Settings.TestModeTargets != TestModeTargets.None
            && !await PrivateNetworkGuard.ResolvesOnlyToPublicAsync(request.RequestUri!.IdnHost, CancellationToken.None);

        int? status = null;
        string? error = null, snippet = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var timeout = new CancellationTokenSource(Settings.Timeout);
            using var response = await httpClients.CreateClient(local ? LocalClientName : PublicClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (!local) snippet = await ReadSnippetAsync(response, timeout.Token);
            if (status is < 200 or >= 300) error = $"HTTP {status}";
        }
        catch (OperationCanceledException)
        {
            error = $"Timed out after {Settings.Timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }
        var latency = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await RecordAsync(work, status, latency, error, snippet, finalFailure: false);
    }

    static async Task<string?> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[SnippetLength];
            var read = await stream.ReadAtLeastAsync(buffer, SnippetLength, throwOnEndOfStream: false, ct);
            return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    async Task RecordAsync(Work work, int? status, long latencyMs, string? error, string? snippet, bool finalFailure)
    {
        var succeeded = error is null;
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = work.Attempts + 1;
        var gaveUp = !succeeded && (finalFailure || attempts > RetrySchedule.Length);
        telemetry.Delivery(succeeded ? "succeeded" : gaveUp ? "gave_up" : "failed");
        try
        {
            await writes.RunAsync(async (db, ct) =>
            {
                // Deleted while the attempt was in flight: its deliveries and history went with it; nothing to record.
                if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == work.EndpointId, ct)) return false;
                db.WebhookAttempts.Add(new WebhookAttempt
                {
                    Id = ObjectId.New(ObjectId.WebhookAttempt, now),
                    AccountId = work.AccountId,
                    TestMode = work.TestMode,
                    EndpointId = work.EndpointId,
                    DeliveryId = work.DeliveryId,
                    EventId = work.EventId,
                    EventType = work.EventType,
                    AttemptNumber = attempts,
                    AttemptedAt = now,
                    StatusCode = status,
                    LatencyMs = latencyMs,
                    Error = error,
                    ResponseSnippet = snippet,
                    Succeeded = succeeded,
                });

                var nextAttempt = succeeded || gaveUp ? now : now + Jittered(RetrySchedule[attempts - 1]);
                var newStatus = succeeded ? DeliveryStatus.Succeeded : gaveUp ? DeliveryStatus.Failed : DeliveryStatus.Pending;
                DateTime? deliveredAt = succeeded ? now : null;
                await db.WebhookDeliveries.Where(d => d.Id == work.DeliveryId && d.LockToken == work.LockToken)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(d => d.Attempts, attempts)
                        .SetProperty(d => d.Status, newStatus)
                        .SetProperty(d => d.NextAttemptAt, nextAttempt)
                        .SetProperty(d => d.DeliveredAt, deliveredAt)
                        .SetProperty(d => d.LockedUntil, (DateTime?)null)
                        .SetProperty(d => d.LockToken, (string?)null)
                        .SetProperty(d => d.LockedBy, (string?)null), ct);

                if (succeeded)
                    await db.WebhookEndpoints.Where(e => e.Id == work.EndpointId && e.FailingSince != null)
                        .ExecuteUpdateAsync(u => u.SetProperty(e => e.FailingSince, (DateTime?)null), ct);
                else if (!finalFailure)
                    await MarkFailingAsync(db, work.EndpointId, now, ct);
                return true;
            });
        }
        catch (Exception e)
        {
            // The claim lapses and the attempt is made again: at least once, never lost.
            log.LogError(e, "Could not record webhook attempt for delivery {DeliveryId}", work.DeliveryId);
        }
        if (!succeeded) log.LogInformation("Webhook {EventId} to {Url} failed (attempt {Attempt}): {Error}", work.EventId, work.Url, attempts, error);
    }

    /// <summary>An endpoint failing without a single success for <see cref="OpenCheckoutOptions.WebhookOptions.DisableAfter"/> is disabled.</summary>
    async Task MarkFailingAsync(CheckoutDb db, string endpointId, DateTime now, CancellationToken ct)
    {
        await db.WebhookEndpoints.Where(e => e.Id == endpointId && e.FailingSince == null)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.FailingSince, now), ct);
        var disableBefore = now - Settings.DisableAfter;
        var reason = $"Disabled on {now:yyyy-MM-dd HH:mm} UTC: every delivery failed for {Settings.DisableAfter.TotalDays:0.#} days.";
        var disabled = await db.WebhookEndpoints
            .Where(e => e.Id == endpointId && e.Status == WebhookStatus.Enabled && e.FailingSince <= disableBefore)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, WebhookStatus.Disabled).SetProperty(e => e.DisabledReason, reason), ct);
        if (disabled > 0) log.LogWarning("Webhook endpoint {EndpointId} disabled: {Reason}", endpointId, reason);
    }

    static TimeSpan Jittered(TimeSpan delay) => delay * (0.9 + 0.2 * Random.Shared.NextDouble());
}

/// <summary>Runs the dispatcher: on every wake-up (events committed on this node) and every poll interval.</summary>
sealed class WebhookWorker(WebhookDispatcher dispatcher, WebhookSignal signal, IOptions<OpenCheckoutOptions> options,
    ILogger<WebhookWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.StartDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Webhook dispatch failed; retrying at the next poll");
            }
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(options.Value.Webhooks.PollInterval);
            try
            {
                await signal.WaitAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
