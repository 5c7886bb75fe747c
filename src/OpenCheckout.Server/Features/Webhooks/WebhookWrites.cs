using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Webhooks;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Webhook endpoints' rules and writes, shared by the API's handlers and the dashboard's pages, so a change made
/// either way is the same change under the same checks (the private-network guard on URLs, known event types, the endpoint
/// limit, the rotation overlap). Changes run inside the caller's unit of work, on the context it gives.</summary>
public static class WebhookWrites
{
    public const int UrlLength = 2048;
    public const int DescriptionLength = 500;

    /// <summary>The most deliveries one "redeliver failed" action queues; the rest wait for another run.</summary>
    public const int MaxRedeliveries = 1000;

    /// <summary>Absolute http(s). Live endpoints must be public; test-mode ones public or what Webhooks:TestModeTargets allows.
    /// Targets written as addresses (or localhost) are refused here, names at connect time by what they resolve to.</summary>
    public static FieldError? CheckUrl(string url, Merchant merchant, TestModeTargets testModeTargets)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return new FieldError("url", "url_invalid", "url must be an absolute http or https URL.");
        var targets = merchant.TestMode ? testModeTargets : TestModeTargets.None;
        if (PrivateNetworkGuard.ReachOfLiteral(uri.Host) is { } reach && !PrivateNetworkGuard.Allows(targets, reach))
            return new FieldError("url", "url_not_public", merchant.TestMode
                ? $"This server's test-mode webhooks may reach public addresses{(targets == TestModeTargets.None ? "" : " and " + targets.ToString().ToLowerInvariant())} only "
                    + "(OpenCheckout:Webhooks:TestModeTargets); link-local addresses never."
                : "Live-mode webhooks cannot target loopback, private or link-local addresses. Use a test-mode key for local development.");
        return null;
    }

    /// <summary>At least one type; each a documented one or <c>*</c>.</summary>
    public static IEnumerable<FieldError> CheckEvents(IReadOnlyCollection<string> events)
    {
        if (events.Count == 0) yield return new FieldError("events", "parameter_invalid_empty", "events must name at least one event type, or \"*\".");
        foreach (var type in events.Where(t => t != EventTypes.All && !EventTypes.Known.Contains(t)))
            yield return new FieldError("events", "event_type_unknown", $"Unknown event type '{type}'.");
    }

    public static WebhookEndpoint NewEndpoint(Merchant merchant, string url, List<string> events, string? description, string? status,
        DateTimeOffset now) => new()
    {
        Id = ObjectId.New(ObjectId.Webhook, now),
        AccountId = merchant.AccountId,
        TestMode = merchant.TestMode,
        Url = url,
        Events = events,
        Description = description,
        Secret = WebhookSignature.NewSecret(),
        Status = status ?? WebhookStatus.Enabled,
        CreatedAt = now.UtcDateTime,
    };

    /// <summary>Adds the endpoint unless the account already has <paramref name="max"/> in this mode (then the API's error,
    /// and nothing is added).</summary>
    public static async Task<ApiError?> AddEndpointAsync(CheckoutDb db, Merchant merchant, WebhookEndpoint endpoint, int max, CancellationToken ct)
    {
        // Counted under a lock held to the commit, so concurrent creates on any node cannot pass the limit together.
        await db.LockUntilCommitAsync($"webhook-endpoints:{merchant.AccountId}:{merchant.TestMode}", ct);
        if (await db.WebhookEndpoints.OwnedBy(merchant).CountAsync(ct) >= max) return ApiErrors.WebhookEndpointsLimit(max);
        db.WebhookEndpoints.Add(endpoint);
        return null;
    }

    /// <summary>The merchant's endpoint, tracked; null when it has none by that id.</summary>
    public static Task<WebhookEndpoint?> FindEndpointAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        db.WebhookEndpoints.OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);

    public static void SetStatus(WebhookEndpoint endpoint, string status)
    {
        endpoint.Status = status;
        // Re-enabling starts afresh: the three-day failure clock and the reason are cleared.
        if (status == WebhookStatus.Enabled) (endpoint.DisabledReason, endpoint.FailingSince) = (null, null);
    }

    /// <summary>A new secret signs from now on; the old one also signs (a second <c>v1,</c> signature) until
    /// <paramref name="previousExpiresAt"/>, so receivers can be moved to the new one without dropping events.</summary>
    public static void RotateSecret(WebhookEndpoint endpoint, DateTime previousExpiresAt) =>
        (endpoint.PreviousSecret, endpoint.PreviousSecretExpiresAt, endpoint.Secret) = (endpoint.Secret, previousExpiresAt, WebhookSignature.NewSecret());

    /// <summary>Schedules the event again for delivery now, to every enabled endpoint subscribed to it or to the one named by
    /// <paramref name="webhookId"/>: a delivery already made (or given up) is reset with a fresh retry schedule; an endpoint
    /// subscribed since the event was recorded gets a new delivery. A test event goes only where it went. The event's payload,
    /// or the API's 404.</summary>
    public static async Task<(string? Payload, ApiError? Error)> RetryEventAsync(CheckoutDb db, Merchant merchant, string id, string? webhookId,
        DateTimeOffset now, WebhookSignal signal, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        var ev = await db.Events.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (ev is null) return (null, ApiErrors.NotFound("event", id));
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OwnedBy(merchant)
            .Where(e => e.Status == WebhookStatus.Enabled && (webhookId == null || e.Id == webhookId))
            .Select(e => new { e.Id, e.Events }).ToListAsync(ct);
        if (webhookId is not null && endpoints.Count == 0) return (null, ApiErrors.NotFound("enabled webhook", webhookId));

        var sentTo = ev.Type == EventTypes.Test && webhookId is null
            ? await db.WebhookDeliveries.Where(d => d.EventId == id).Select(d => d.EndpointId).ToListAsync(ct)
            : [];
        var targets = endpoints.Where(e => webhookId is not null
            || (ev.Type == EventTypes.Test ? sentTo.Contains(e.Id) : EventTypes.Matches(e.Events, ev.Type))).Select(e => e.Id).ToList();
        var existing = await db.WebhookDeliveries.Where(d => d.EventId == id && targets.Contains(d.EndpointId)).ToListAsync(ct);
        foreach (var delivery in existing) Reset(delivery, nowUtc);
        foreach (var endpointId in targets.Except(existing.Select(d => d.EndpointId)))
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = ObjectId.New(ObjectId.WebhookDelivery, now), EventId = id, EndpointId = endpointId, NextAttemptAt = nowUtc, CreatedAt = nowUtc,
            });
        signal.WakeOnCommit(db);
        return (ev.Payload, null);
    }

    /// <summary>Schedules again, now, the endpoint's deliveries made in [<paramref name="from"/>, <paramref name="to"/>) whose last
    /// attempt failed (given up, or waiting for a retry), oldest first and at most <see cref="MaxRedeliveries"/>. How many were
    /// queued, and whether more were left. The endpoint must be the merchant's and enabled (the caller checks).</summary>
    public static async Task<(int Queued, bool More)> RedeliverFailedAsync(CheckoutDb db, string endpointId, DateTime from, DateTime to,
        DateTimeOffset now, WebhookSignal signal, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        var failed = await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.CreatedAt >= from && d.CreatedAt < to
                && (d.Status == DeliveryStatus.Failed || (d.Status == DeliveryStatus.Pending && d.Attempts > 0))
                && (d.LockedUntil == null || d.LockedUntil < nowUtc)) // one being sent now is left to its sender
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Take(MaxRedeliveries + 1)
            .ToListAsync(ct);
        var queued = failed.Take(MaxRedeliveries).ToList();
        foreach (var delivery in queued) Reset(delivery, nowUtc);
        if (queued.Count > 0) signal.WakeOnCommit(db);
        return (queued.Count, failed.Count > MaxRedeliveries);
    }

    /// <summary>Records a <c>webhook.test</c> event (its object: the endpoint, without its secret) and one delivery of it to
    /// this endpoint only, sent by the dispatcher like any other: signed, retried, in the delivery log and the events list.</summary>
    public static string SendTestEvent(CheckoutDb db, EventLog events, WebhookEndpoint endpoint, DateTimeOffset now, WebhookSignal signal)
    {
        var ev = events.RecordWithoutFanOut(db, endpoint.AccountId, endpoint.TestMode, EventTypes.Test, "webhook", endpoint.ToWire(showSecret: false),
            Wire.WireJson.Default.WebhookEndpoint);
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Id = ObjectId.New(ObjectId.WebhookDelivery, now), EventId = ev.Id, EndpointId = endpoint.Id, NextAttemptAt = now.UtcDateTime,
            CreatedAt = now.UtcDateTime,
        });
        signal.WakeOnCommit(db);
        return ev.Id;
    }

    static void Reset(WebhookDelivery delivery, DateTime now) =>
        (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LockedUntil, delivery.LockToken, delivery.LockedBy) =
            (DeliveryStatus.Pending, 0, now, null, null, null);

    public static Wire.WebhookEndpoint ToWire(this WebhookEndpoint e, bool showSecret) => new(
        e.Id, e.Url, e.Events, e.Description, showSecret ? e.Secret : null, e.Status, e.DisabledReason, Unix.Seconds(e.CreatedAt), e.TestMode);
}
