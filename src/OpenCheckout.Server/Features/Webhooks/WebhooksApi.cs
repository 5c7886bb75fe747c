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
        var description = fields.String("description", 500);
        var status = Status(fields);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var now = clock.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            Id = ObjectId.New(ObjectId.Webhook, now),
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Url = url!,
            Events = events!,
            Description = description,
            Secret = WebhookSignature.NewSecret(),
            Status = status ?? WebhookStatus.Enabled,
            CreatedAt = now.UtcDateTime,
        };
        var max = options.Value.Webhooks.MaxEndpointsPerAccount;
        return await http.WriteAsync(async (db, ct) =>
        {
            // Counted under a lock held to the commit, so concurrent creates on any node cannot pass the limit together.
            await db.LockUntilCommitAsync($"webhook-endpoints:{merchant.AccountId}:{merchant.TestMode}", ct);
            if (await db.WebhookEndpoints.OwnedBy(merchant).CountAsync(ct) >= max) return ApiErrors.WebhookEndpointsLimit(max).ToResponse();
            db.WebhookEndpoints.Add(endpoint);
            return Respond(endpoint, showSecret: true);
        });
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "webhook");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        var url = EndpointUrl(fields, merchant, options.Value.Webhooks.TestModeTargets, required: false);
        var events = EventList(fields, required: false);
        var setDescription = fields.Contains("description");
        var description = fields.String("description", 500);
        var status = Status(fields);
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var endpoint = await db.WebhookEndpoints.OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null) return ApiErrors.NotFound("webhook", id).ToResponse();
            if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResponse();
            if (url is not null) endpoint.Url = url;
            if (events is not null) endpoint.Events = events;
            if (setDescription) endpoint.Description = description;
            if (status is not null)
            {
                endpoint.Status = status;
                // Re-enabling starts afresh: the three-day failure clock and the reason are cleared.
                if (status == WebhookStatus.Enabled) (endpoint.DisabledReason, endpoint.FailingSince) = (null, null);
            }
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
            db.WebhookEndpoints.Remove(endpoint);
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
            var endpoint = await db.WebhookEndpoints.OwnedBy(merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null) return ApiErrors.NotFound("webhook", id).ToResponse();
            (endpoint.PreviousSecret, endpoint.PreviousSecretExpiresAt, endpoint.Secret) = (endpoint.Secret, previousExpiresAt, WebhookSignature.NewSecret());
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

    /// <summary>Absolute http(s). Live endpoints must be public; test-mode ones public or what Webhooks:TestModeTargets allows.
    /// Targets written as addresses (or localhost) are refused here, names at connect time by what they resolve to.</summary>
    static string? EndpointUrl(JsonFields fields, Merchant merchant, TestModeTargets testModeTargets, bool required)
    {
        var url = fields.String("url", 2048, required);
        if (url is null) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            fields.AddError("url", "url_invalid", "url must be an absolute http or https URL.");
            return null;
        }
        var targets = merchant.TestMode ? testModeTargets : TestModeTargets.None;
        if (PrivateNetworkGuard.ReachOfLiteral(uri.Host) is { } reach && !PrivateNetworkGuard.Allows(targets, reach))
        {
            fields.AddError("url", "url_not_public", merchant.TestMode
                ? $"This server's test-mode webhooks may reach public addresses{(targets == TestModeTargets.None ? "" : " and " + targets.ToString().ToLowerInvariant())} only "
                    + "(OpenCheckout:Webhooks:TestModeTargets); link-local addresses never."
                : "Live-mode webhooks cannot target loopback, private or link-local addresses. Use a test-mode key for local development.");
            return null;
        }
        return url;
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
        if (events.Count == 0) fields.AddError("events", "parameter_invalid_empty", "events must name at least one event type, or \"*\".");
        foreach (var type in events.Where(t => t != EventTypes.All && !EventTypes.Known.Contains(t)))
            fields.AddError("events", "event_type_unknown", $"Unknown event type '{type}'.");
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

    static Wire.WebhookEndpoint ToWire(this WebhookEndpoint e, bool showSecret) => new(
        e.Id, e.Url, e.Events, e.Description, showSecret ? e.Secret : null, e.Status, e.DisabledReason, Unix.Seconds(e.CreatedAt), e.TestMode);
}
