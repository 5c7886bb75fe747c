using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Events;

/// <summary>Events are served as stored: the payload each endpoint received, byte for byte.</summary>
static class EventsApi
{
    public static void MapEvents(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/events").WithTags("Events");
        group.MapGet("/", List).WithName("ListEvents").WithSummary("List events, newest first; filter by type and created[gte]/created[lte].");
        group.MapGet("/{id}", Get).WithName("GetEvent").WithSummary("Retrieve an event.");
        group.MapPost("/{id}/retry", Retry).WithName("RetryEvent")
            .WithSummary("Deliver an event again now, to every subscribed endpoint or to the one named by webhook_id.");
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var payload = await db.Events.OwnedBy(merchant).Where(e => e.Id == id).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        return payload is null ? ApiErrors.NotFound("event", id).ToResult() : Json($"{{\"event\":{payload}}}");
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var events = db.Events.AsNoTracking().OwnedBy(merchant);
        if (query["type"].FirstOrDefault() is { } type)
        {
            // A misspelt type would otherwise read as "no such events happened".
            if (!EventTypes.Known.Contains(type)) return ApiErrors.Invalid("type", "event_type_unknown", $"Unknown event type '{type}'.").ToResult();
            events = events.Where(e => e.Type == type);
        }
        if (QueryFilters.UnixTime(query, "created[gte]", out error) is { } from) events = events.Where(e => e.CreatedAt >= from);
        if (error is not null) return error.ToResult();
        if (QueryFilters.UnixTime(query, "created[lte]", out error) is { } to)
        {
            var before = to.AddSeconds(1);
            events = events.Where(e => e.CreatedAt < before);
        }
        if (error is not null) return error.ToResult();
        var (items, hasMore) = await events.PageAsync(paging!, ct);
        var json = new StringBuilder("{\"events\":[");
        json.AppendJoin(',', items.Select(e => e.Payload));
        json.Append("],\"has_more\":").Append(hasMore ? "true" : "false").Append('}');
        return Json(json.ToString());
    }

    /// <summary>Schedules the event again for delivery now: a delivery already made (or given up) is reset with a
    /// fresh retry schedule; an endpoint subscribed since the event was recorded gets a new delivery.</summary>
    static async Task<IResult> Retry(string id, HttpContext http, Merchant merchant, CheckoutDb db, TimeProvider clock, WebhookSignal signal)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "event");
        if (error is not null) return error.ToResult();
        var webhookId = fields!.String("webhook_id", 64);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var ev = await db.Events.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, http.RequestAborted);
        if (ev is null) return ApiErrors.NotFound("event", id).ToResult();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OwnedBy(merchant)
            .Where(e => e.Status == WebhookStatus.Enabled && (webhookId == null || e.Id == webhookId))
            .Select(e => new { e.Id, e.Events }).ToListAsync(http.RequestAborted);
        if (webhookId is not null && endpoints.Count == 0) return ApiErrors.NotFound("enabled webhook", webhookId).ToResult();

        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var targets = endpoints.Where(e => webhookId is not null || EventTypes.Matches(e.Events, ev.Type)).Select(e => e.Id).ToList();
        var existing = await db.WebhookDeliveries.Where(d => d.EventId == id && targets.Contains(d.EndpointId)).ToListAsync(http.RequestAborted);
        foreach (var delivery in existing)
            (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LockedUntil, delivery.LockToken) =
                (DeliveryStatus.Pending, 0, nowUtc, null, null);
        foreach (var endpointId in targets.Except(existing.Select(d => d.EndpointId)))
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = ObjectId.New(ObjectId.WebhookDelivery, now), EventId = id, EndpointId = endpointId, NextAttemptAt = nowUtc, CreatedAt = nowUtc,
            });
        await db.SaveChangesAsync(http.RequestAborted);
        signal.Wake();
        return Json($"{{\"event\":{ev.Payload}}}");
    }

    static IResult Json(string json) => Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8);
}
