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

    /// <summary>Schedules the event again for delivery now (<see cref="WebhookWrites.RetryEventAsync"/>).</summary>
    static async Task<IResult> Retry(string id, HttpContext http, Merchant merchant, TimeProvider clock, WebhookSignal signal)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "event");
        if (error is not null) return error.ToResult();
        var webhookId = fields!.String("webhook_id", 64);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var now = clock.GetUtcNow();
        return await http.WriteAsync(async (db, ct) =>
        {
            var (payload, refused) = await WebhookWrites.RetryEventAsync(db, merchant, id, webhookId, now, signal, ct);
            if (refused is not null) return refused.ToResponse();
            return new ApiResponse(StatusCodes.Status200OK, Encoding.UTF8.GetBytes($"{{\"event\":{payload}}}"));
        });
    }
}
