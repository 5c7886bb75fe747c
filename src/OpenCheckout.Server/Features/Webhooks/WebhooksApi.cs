using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Webhooks;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Webhooks;

static class WebhooksApi
{
    public static void MapWebhooks(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapPost("/", Create)
            .WithName("CreateWebhook")
            .Answers<Wire.WebhookEnvelope>()
            .Takes<Wire.CreateWebhookRequest>()
            .WithSummary("Register an endpoint; the signing secret is shown only now.");
        group.MapGet("/", List)
            .WithName("ListWebhooks")
            .Answers<Wire.WebhookList>()
            .Lists()
            .WithSummary("List webhook endpoints.");
        group.MapGet("/{id}", Get)
            .WithName("GetWebhook")
            .Answers<Wire.WebhookEnvelope>()
            .WithSummary("Retrieve a webhook endpoint.");
        group.MapPost("/{id}", Update)
            .WithName("UpdateWebhook")
            .Answers<Wire.WebhookEnvelope>()
            .Takes<Wire.UpdateWebhookRequest>()
            .WithSummary("Change url, events, description or status (enabled/disabled).");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateWebhookByPatch")
            .Answers<Wire.WebhookEnvelope>()
            .Takes<Wire.UpdateWebhookRequest>()
            .WithSummary("Update a webhook endpoint (PATCH spelling).");
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteWebhook")
            .Answers<Wire.WebhookEnvelope>()
            .WithSummary("Delete an endpoint; answers with the deleted object.");
        group.MapPost("/{id}/rotate_secret", RotateSecret)
            .WithName("RotateWebhookSecret")
            .Answers<Wire.WebhookEnvelope>()
            .WithSummary("Issue a new signing secret; the old one keeps signing for 24 hours.");
        group.MapGet("/{id}/deliveries", Deliveries)
            .WithName("ListWebhookDeliveries")
            .Answers<Wire.WebhookDeliveryList>()
            .Lists(Filter.Text("event_id", "Only this event's attempts."))
            .WithSummary("Every delivery attempt to this endpoint, newest first: time, status code, latency, error, response snippet.");
    }

    static readonly string[] ReadOnlyFields = ["webhook_id", "id", "object", "signing_secret", "secret", "disabled_reason", "created_at", "test_mode"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "webhook");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        var url = EndpointUrl(fields, merchant, options.Value.Webhooks.TestModeTargets, required: true);
        var events = EventList(fields, required: true);
        var description = fields.String("description", WebhookWrites.DescriptionLength);
        var status = Status(fields);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var endpoint = WebhookWrites.NewEndpoint(merchant, url!, events!, description, status, clock.GetUtcNow());
        var max = options.Value.Webhooks.MaxEndpointsPerAccount;
        return await http.WriteAsync(async (db, ct) =>
            await WebhookWrites.AddEndpointAsync(db, merchant, endpoint, max, ct) is { } refused
                ? refused.ToResponse()
                : Respond(endpoint, showSecret: true));
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "webhook");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        var url = EndpointUrl(fields, merchant, options.Value.Webhooks.TestModeTargets, required: false);
        var events = EventList(fields, required: false);
        var setDescription = fields.Contains("description");
        var description = fields.String("description", WebhookWrites.DescriptionLength);
        var status = Status(fields);
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var endpoint = await WebhookWrites.FindEndpointAsync(db, merchant, id, ct);
            if (endpoint is null) return ApiErrors.NotFound("webhook", id).ToResponse();
            if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResponse();
            if (url is not null) endpoint.Url = url;
            if (events is not null) endpoint.Events = events;
            if (setDescription) endpoint.Description = description;
            if (status is not null) WebhookWrites.SetStatus(endpoint, status);
            return Respond(endpoint, showSecret: false);
        });
    }

    /// <summary>Flex's client sends a JSON body with DELETE and expects a non-empty JSON answer: the deleted object.</summary>
    static async Task<IResult> Delete(string id, HttpContext http, Merchant merchant)
    {
        var (_, error) = await RequestBody.ReadAsync(http, "webhook");
        if (error is not null) return error.ToResult();
        return await http.WriteAsync(async (db, ct) =>
        {
            var endpoint = await db.WebhookEndpoints.OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null) return ApiErrors.NotFound("webhook", id).ToResponse();
            db.WebhookEndpoints.Remove(endpoint); // and so its delivery attempts, which Home counts
            await db.ForgetKeptFiguresAsync(merchant.AccountId, ct);
            return Respond(endpoint, showSecret: false);
        });
    }

    static async Task<IResult> RotateSecret(string id, HttpContext http, Merchant merchant, TimeProvider clock, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "webhook");
        if (error is not null) return error.ToResult();
        fields!.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        var previousExpiresAt = clock.GetUtcNow().UtcDateTime + options.Value.Webhooks.PreviousSecretLifetime;
        return await http.WriteAsync(async (db, ct) =>
        {
            var endpoint = await WebhookWrites.FindEndpointAsync(db, merchant, id, ct);
            if (endpoint is null) return ApiErrors.NotFound("webhook", id).ToResponse();
            WebhookWrites.RotateSecret(endpoint, previousExpiresAt);
            return Respond(endpoint, showSecret: true);
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
        return endpoint is null ? ApiErrors.NotFound("webhook", id).ToResult() : Envelope(endpoint, showSecret: false);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var (items, hasMore) = await db.WebhookEndpoints.AsNoTracking().OwnedBy(merchant).PageAsync(paging!, ct);
        return WireResults.Page(items.Select(e => e.ToWire(showSecret: false)).ToList(), hasMore, (page, more) => new Wire.WebhookList(page, more), Wire.WireJson.Default.WebhookList);
    }

    static async Task<IResult> Deliveries(string id, HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        if (!await db.WebhookEndpoints.OwnedBy(merchant).AnyAsync(e => e.Id == id, ct)) return ApiErrors.NotFound("webhook", id).ToResult();
        var attempts = db.WebhookAttempts.AsNoTracking().OwnedBy(merchant).Where(a => a.EndpointId == id);
        if (http.Request.Query["event_id"].FirstOrDefault() is { } eventId) attempts = attempts.Where(a => a.EventId == eventId);
        var (items, hasMore) = await attempts.PageAsync(paging!, ct);
        return WireResults.Json(new Wire.WebhookDeliveryList(items.Select(a => new Wire.WebhookDeliveryAttempt(a.Id, a.DeliveryId, a.EventId,
            a.EventType, a.AttemptNumber, Unix.Seconds(a.AttemptedAt), a.StatusCode, a.LatencyMs, a.Error, a.ResponseSnippet, a.Succeeded)).ToList(),
            hasMore), Wire.WireJson.Default.WebhookDeliveryList);
    }

    static string? EndpointUrl(JsonFields fields, Merchant merchant, TestModeTargets testModeTargets, bool required)
    {
        var url = fields.String("url", WebhookWrites.UrlLength, required);
        if (url is null) return null;
        if (WebhookWrites.CheckUrl(url, merchant, testModeTargets) is not { } refused) return url;
        fields.AddError(refused.Param, refused.Code, refused.Message);
        return null;
    }

    static List<string>? EventList(JsonFields fields, bool required)
    {
        if (!fields.Has("events"))
        {
            if (required) fields.AddError("events", "parameter_missing", "Missing required param: events (event types, or [\"*\"] for all).");
            return null;
        }
        var events = fields.Strings("events", 100, 100);
        if (events is null) return null;
        foreach (var refused in WebhookWrites.CheckEvents(events)) fields.AddError(refused.Param, refused.Code, refused.Message);
        return events.Distinct().ToList();
    }

    static string? Status(JsonFields fields)
    {
        var status = fields.String("status", 20);
        if (status is null or WebhookStatus.Enabled or WebhookStatus.Disabled) return status;
        fields.AddError("status", "parameter_invalid_string", "status must be enabled or disabled.");
        return null;
    }

    static IResult Envelope(WebhookEndpoint endpoint, bool showSecret) =>
        WireResults.Json(new Wire.WebhookEnvelope(endpoint.ToWire(showSecret)), Wire.WireJson.Default.WebhookEnvelope);

    static ApiResponse Respond(WebhookEndpoint endpoint, bool showSecret) =>
        ApiResponse.Json(new Wire.WebhookEnvelope(endpoint.ToWire(showSecret)), Wire.WireJson.Default.WebhookEnvelope);
}
