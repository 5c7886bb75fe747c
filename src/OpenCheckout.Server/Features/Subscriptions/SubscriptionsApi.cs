using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary><c>/v1/subscriptions</c> (contract section 13): a subscription is started by paying a subscription-mode session;
/// here it is read, changed from its next period, or canceled.</summary>
static class SubscriptionsApi
{
    public static void MapSubscriptions(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/subscriptions").WithTags("Subscriptions");
        group.MapGet("/", List)
            .WithName("ListSubscriptions")
            .Answers<SubscriptionList>()
            .Lists(
                Filter.Text("customer", "Only this customer's subscriptions."),
                Filter.OneOf("status", "Only subscriptions in this status.", Statuses))
            .WithSummary("List subscriptions, newest first; filter by customer and status.");
        group.MapGet("/{id}", Get)
            .WithName("GetSubscription")
            .Answers<SubscriptionEnvelope>()
            .WithSummary("Retrieve a subscription.");
        group.MapPost("/{id}", Update)
            .WithName("UpdateSubscription")
            .Answers<SubscriptionEnvelope>()
            .Takes<UpdateSubscriptionRequest>()
            .WithSummary("Schedule a cancellation, change items or quantities from the next period (no proration), or change the card or metadata.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateSubscriptionByPatch")
            .Answers<SubscriptionEnvelope>()
            .Takes<UpdateSubscriptionRequest>()
            .WithSummary("Update a subscription (PATCH spelling).");
        group.MapDelete("/{id}", Cancel)
            .WithName("CancelSubscription")
            .Answers<SubscriptionEnvelope>()
            .WithSummary("Cancel a subscription now: no further invoices; its open invoices are voided.");
    }

    static readonly string[] Statuses =
    [
        SubscriptionStatus.Trialing, SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Canceled,
        SubscriptionStatus.Unpaid, SubscriptionStatus.Incomplete,
    ];

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var subscription = await db.Subscriptions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == id, ct);
        return subscription is null
            ? ApiErrors.NotFound("subscription", id).ToResult()
            : WireResults.Json(new SubscriptionEnvelope(subscription.ToWire()), WireJson.Default.SubscriptionEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var subscriptions = db.Subscriptions.AsNoTracking().OwnedBy(merchant);
        if (query["customer"].FirstOrDefault() is { } customer) subscriptions = subscriptions.Where(s => s.CustomerId == customer);
        if (query["status"].FirstOrDefault() is { } status)
        {
            if (!Statuses.Contains(status))
                return ApiErrors.Invalid("status", "parameter_invalid_string", $"status must be one of {string.Join(", ", Statuses)}.").ToResult();
            subscriptions = subscriptions.Where(s => s.Status == status);
        }
        var (items, hasMore) = await subscriptions.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(s => s.ToWire()).ToList(), hasMore, (page, more) => new SubscriptionList(page, more),
            WireJson.Default.SubscriptionList);
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, SubscriptionChanges changes)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "subscription");
        if (error is not null) return error.ToResult();
        var change = SubscriptionChange.Parse(fields!);
        if (change is null) return ApiErrors.Invalid(fields!.Errors).ToResult();
        return await http.WriteAsync(async (db, ct) =>
            await changes.UpdateAsync(db, merchant, id, change, ct) is var (subscription, refused) && refused is not null
                ? refused.ToResponse()
                : Respond(subscription!));
    }

    static async Task<IResult> Cancel(string id, HttpContext http, Merchant merchant, SubscriptionChanges changes) =>
        await http.WriteAsync(async (db, ct) =>
            await changes.CancelNowAsync(db, merchant, id, ct) is var (subscription, refused) && refused is not null
                ? refused.ToResponse()
                : Respond(subscription!));

    static ApiResponse Respond(Subscription s) => ApiResponse.Json(new SubscriptionEnvelope(s.ToWire()), WireJson.Default.SubscriptionEnvelope);
}
