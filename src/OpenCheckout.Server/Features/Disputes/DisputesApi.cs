using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>Read-only. A dispute is visible once opened (when <c>charge.dispute.created</c> was recorded), not while scheduled.</summary>
static class DisputesApi
{
    public static void MapDisputes(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/disputes").WithTags("Disputes");
        group.MapGet("/", List)
            .WithName("ListDisputes")
            .Answers<DisputeList>()
            .Lists(
                Filter.Text("payment_intent", "Only this payment intent's disputes."),
                Filter.Text("checkout_session", "Only this session's disputes."))
            .WithSummary("List disputes, newest first; filter by payment_intent or checkout_session.");
        group.MapGet("/{id}", Get)
            .WithName("GetDispute")
            .Answers<DisputeEnvelope>()
            .WithSummary("Retrieve a dispute.");
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var dispute = await db.Disputes.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(d => d.Id == id && d.OpenedAt != null, ct);
        return dispute is null
            ? ApiErrors.NotFound("dispute", id).ToResult()
            : WireResults.Json(new DisputeEnvelope(dispute.ToWire()), WireJson.Default.DisputeEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var disputes = db.Disputes.AsNoTracking().OwnedBy(merchant).Where(d => d.OpenedAt != null);
        if ((query["payment_intent"].FirstOrDefault() ?? query["payment_intent_id"].FirstOrDefault()) is { } intent)
            disputes = disputes.Where(d => d.PaymentIntentId == intent);
        if (query["checkout_session"].FirstOrDefault() is { } session) disputes = disputes.Where(d => d.SessionId == session);
        var (items, hasMore) = await disputes.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(d => d.ToWire()).ToList(), hasMore, (page, more) => new DisputeList(page, more), WireJson.Default.DisputeList);
    }
}
