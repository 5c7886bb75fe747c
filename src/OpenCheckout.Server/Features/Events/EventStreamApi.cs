using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Events;

/// <summary><c>GET /v1/events/stream</c>: a test-mode account's events as Server-Sent Events, as they commit on any node, for a
/// developer's machine that webhooks cannot reach (<c>opencheckout listen</c>). Live mode has webhook endpoints and no stream.</summary>
static class EventStreamApi
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static void MapEventStream(this RouteGroupBuilder events) =>
        events.MapGet("/stream", Open)
            .WithName("StreamEvents")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Parameter("types", ParameterLocation.Query,
                    "Only events of these types, comma-separated (e.g. checkout.session.completed,charge.refunded). Default: all."));
                operation.Parameters.Add(Parameter("last_event_id", ParameterLocation.Query,
                    "Resume after this event: the events recorded after it (at most the 1,000 newest, none older than 24 hours) come first."));
                operation.Parameters.Add(Parameter(LastEventIdHeader, ParameterLocation.Header,
                    "As last_event_id (and taking precedence over it): what an EventSource sends when it reconnects."));
                return Task.CompletedTask;
            })
            .WithSummary("Test mode: stream the account's events (text/event-stream). Each is sent as id, event (its type) and data "
                + "(the event as GET /v1/events/{id} serves it); a ': keep-alive' comment every 15 s.");

    static OpenApiParameter Parameter(string name, ParameterLocation location, string description) =>
        new() { Name = name, In = location, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    static async Task<IResult> Open(HttpContext http, Merchant merchant, CheckoutDb db, EventStreams streams, TimeProvider clock,
        IOptions<OpenCheckoutOptions> options, IHostApplicationLifetime lifetime, ILogger<EventStreams> log)
    {
        if (!merchant.TestMode) return ApiErrors.EventStreamTestModeOnly().ToResult();
        var (types, error) = ParseTypes(http.Request.Query["types"]);
        if (error is not null) return error.ToResult();
        var resumeAfter = NullIfEmpty(http.Request.Headers[LastEventIdHeader].ToString()) ?? NullIfEmpty(http.Request.Query["last_event_id"].ToString());
        if (resumeAfter is not null
            && !(ObjectId.HasShape(resumeAfter, ObjectId.Event) && await db.Events.OwnedBy(merchant).AnyAsync(e => e.Id == resumeAfter, http.RequestAborted)))
            return ApiErrors.Invalid("last_event_id", "resource_missing", $"No such event: '{resumeAfter}'. Reconnect without it to receive new events only.")
                .ToResult();

        var settings = options.Value.EventStream;
        using var place = streams.TryOpen(merchant.AccountId, settings.MaxPerAccount);
        if (place is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return ApiErrors.TooManyEventStreams(settings.MaxPerAccount).ToResult();
        }

        // Ends when the client goes away or the server stops; either way, quietly.
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = closing.Token;
        var stream = new EventStream(db, merchant, types, clock, http.Response);
        try
        {
            await stream.SeedAsync(resumeAfter, ct);
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.ContentType = "text/event-stream; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each event on at once
            await http.Response.StartAsync(ct);
            await http.Response.Body.FlushAsync(ct);
            if (resumeAfter is not null) await stream.ReplayAsync(resumeAfter, ct);

            await stream.FollowAsync(place, settings, ct);
            return Results.Empty;
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e) when (http.Response.HasStarted && e.IsUnavailable())
        {
            // The client reconnects with Last-Event-ID and misses nothing.
            log.LogWarning("Event stream of {Account} ended: database unavailable ({Error})", merchant.AccountId, e.GetBaseException().Message);
            return Results.Empty;
        }
    }

    /// <summary><c>types=a,b</c> (or the parameter repeated): null for all. Unknown types are refused as a webhook endpoint's are.</summary>
    static (List<string>? Types, ApiError? Error) ParseTypes(Microsoft.Extensions.Primitives.StringValues values)
    {
        var types = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var unknown = types.Where(t => t != EventTypes.All && !EventTypes.Known.Contains(t))
            .Select(t => new FieldError("types", "event_type_unknown", $"Unknown event type '{t}'.")).ToList();
        if (unknown.Count > 0) return (null, ApiErrors.Invalid(unknown));
        return (types.Count == 0 || types.Contains(EventTypes.All) ? null : types, null);
    }

    static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
