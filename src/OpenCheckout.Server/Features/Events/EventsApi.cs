using System.Text;
using Microsoft.EntityFrameworkCore;
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
        group.MapGet("/", List)
            .WithName("ListEvents")
            .Answers<EventList>()
            .Lists(
                Filter.Text("type", "Only events of this type, e.g. checkout.session.completed."),
                Filter.UnixTime("created[gte]", "Only events at or after this unix time."),
                Filter.UnixTime("created[lte]", "Only events at or before this unix time."))
            .WithSummary("List events, newest first; filter by type and created[gte]/created[lte].");
        group.MapGet("/{id}", Get)
            .WithName("GetEvent")
            .Answers<EventEnvelope>()
            .WithSummary("Retrieve an event.");
        group.MapEventStream();
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
            if (!EventTypes.Listable(type)) return ApiErrors.Invalid("type", "event_type_unknown", $"Unknown event type '{type}'.").ToResult();
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
        // Stored payloads, joined: the page ends early (never before its first event) rather than pass WireResults.MaxPageBytes.
        var json = new StringBuilder("{\"events\":[");
        var bytes = 0;
        for (var i = 0; i < items.Count; i++)
        {
            bytes += Encoding.UTF8.GetByteCount(items[i].Payload) + 1;
            if (i > 0 && bytes > WireResults.MaxPageBytes - 64)
            {
                hasMore = true;
                break;
            }
            if (i > 0) json.Append(',');
            json.Append(items[i].Payload);
        }
        json.Append("],\"has_more\":").Append(hasMore ? "true" : "false").Append('}');
        return Json(json.ToString());
    }

    public static IResult Json(string json) => Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8);
}
