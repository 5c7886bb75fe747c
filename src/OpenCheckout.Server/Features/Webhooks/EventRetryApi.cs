using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary><c>POST /v1/events/{id}/retry</c>: delivering an event again is the webhooks' business.</summary>
static class EventRetryApi
{
    public static void MapEventRetry(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/events/{id}/retry", Retry)
            .WithTags("Events")
            .WithName("RetryEvent")
            .Answers<EventEnvelope>()
            .Takes<Wire.RetryEventRequest>()
            .WithSummary("Deliver an event again now, to every subscribed endpoint or to the one named by webhook_id.");
    }

    /// <summary>Schedules the event again for delivery now: a delivery already made (or given up) is reset with a
    /// fresh retry schedule; an endpoint subscribed since the event was recorded gets a new delivery.</summary>
    static async Task<IResult> Retry(string id, HttpContext http, Merchant merchant, TimeProvider clock, WebhookSignal signal)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "event");
        if (error is not null) return error.ToResult();
        var webhookId = fields!.String("webhook_id", 64);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        return await http.WriteAsync(async (db, ct) =>
        {
            var ev = await db.Events.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
            if (ev is null) return ApiErrors.NotFound("event", id).ToResponse();
            var endpoints = await db.WebhookEndpoints.AsNoTracking().OwnedBy(merchant)
                .Where(e => e.Status == WebhookStatus.Enabled && (webhookId == null || e.Id == webhookId))
                .Select(e => new { e.Id, e.Events }).ToListAsync(ct);
            if (webhookId is not null && endpoints.Count == 0) return ApiErrors.NotFound("enabled webhook", webhookId).ToResponse();

            var targets = endpoints.Where(e => webhookId is not null || EventTypes.Matches(e.Events, ev.Type)).Select(e => e.Id).ToList();
            var existing = await db.WebhookDeliveries.Where(d => d.EventId == id && targets.Contains(d.EndpointId)).ToListAsync(ct);
            foreach (var delivery in existing)
                (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.LockedUntil, delivery.LockToken, delivery.LockedBy) =
                    (DeliveryStatus.Pending, 0, nowUtc, null, null, null);
            foreach (var endpointId in targets.Except(existing.Select(d => d.EndpointId)))
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = ObjectId.New(ObjectId.WebhookDelivery, now), EventId = id, EndpointId = endpointId, NextAttemptAt = nowUtc, CreatedAt = nowUtc,
                });
            signal.WakeOnCommit(db);
            return new ApiResponse(StatusCodes.Status200OK, Encoding.UTF8.GetBytes($"{{\"event\":{ev.Payload}}}"));
        });
    }
}
