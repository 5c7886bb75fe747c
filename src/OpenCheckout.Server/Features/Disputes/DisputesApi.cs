using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>Disputes (contract section 12, Flex's shapes): get, list, update (stage or submit evidence) and close. A dispute is
/// visible once opened (when <c>charge.dispute.created</c> was recorded), not while scheduled. Evidence is taken while it
/// <c>needs_response</c> and until <c>due_by</c>; submitting it makes it <c>under_review</c>, and the worker decides it later.</summary>
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
        group.MapPost("/{id}", Update)
            .WithName("UpdateDispute")
            .Answers<DisputeEnvelope>()
            .Takes<UpdateDisputeRequest>()
            .WithSummary("Stage evidence on a dispute that needs_response and, unless submit is false, submit it (it becomes under_review); "
                + "409 once submitted, closed or past evidence_details.due_by.");
        group.MapPost("/{id}/close", Close)
            .WithName("CloseDispute")
            .Answers<DisputeEnvelope>()
            .WithSummary("Accept a dispute that needs_response as lost; 409 otherwise.");
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var dispute = await Opened(db, merchant).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return dispute is null
            ? ApiErrors.NotFound("dispute", id).ToResult()
            : WireResults.Json(new DisputeEnvelope(dispute.ToWire()), WireJson.Default.DisputeEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var disputes = Opened(db, merchant).AsNoTracking();
        if ((query["payment_intent"].FirstOrDefault() ?? query["payment_intent_id"].FirstOrDefault()) is { } intent)
            disputes = disputes.Where(d => d.PaymentIntentId == intent);
        if (query["checkout_session"].FirstOrDefault() is { } session) disputes = disputes.Where(d => d.SessionId == session);
        var (items, hasMore) = await disputes.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(d => d.ToWire()).ToList(), hasMore, (page, more) => new DisputeList(page, more), WireJson.Default.DisputeList);
    }

    /// <summary>Stripe's update: <c>evidence</c> merges into what is staged, <c>metadata</c> replaces, <c>submit</c> (default true,
    /// as Stripe's; Flex does not say) submits. One <c>charge.dispute.updated</c> per update.</summary>
    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, TimeProvider clock, EventLog events,
        IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "dispute");
        if (error is not null) return error.ToResult();
        var evidence = fields!.Object("evidence") is { } given ? DisputeEvidenceText.Read(given) : null;
        var metadata = fields.Metadata("metadata");
        var submit = fields.Boolean("submit") ?? true;
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var now = clock.GetUtcNow().UtcDateTime;
        var decidesAt = now + options.Value.Disputes.ReviewDelay;
        return await http.WriteAsync(async (db, ct) =>
        {
            var dispute = await HoldAsync(db, merchant, id, ct);
            if (dispute is null) return ApiErrors.NotFound("dispute", id).ToResponse();
            if (dispute.Status != DisputeStatus.NeedsResponse) return ApiErrors.DisputeUnexpectedState(dispute.Status, "take evidence").ToResponse();
            if (now > dispute.DueBy) return ApiErrors.DisputeEvidencePastDue(Unix.Seconds(dispute.DueBy)).ToResponse();
            var staged = DisputeEvidenceText.Merge(dispute.Evidence, evidence);
            if (staged is null) return ApiErrors.DisputeEvidenceTooLong(DisputeEvidenceText.TotalLength).ToResponse();
            var kept = metadata ?? dispute.Metadata;

            var open = db.Disputes.Where(d => d.Id == dispute.Id && d.Status == DisputeStatus.NeedsResponse);
            var changed = submit
                ? await open.ExecuteUpdateAsync(u => u.SetProperty(d => d.Evidence, staged).SetProperty(d => d.Metadata, kept)
                    .SetProperty(d => d.Status, DisputeStatus.UnderReview).SetProperty(d => d.SubmissionCount, d => d.SubmissionCount + 1)
                    .SetProperty(d => d.DecidesAt, decidesAt), ct)
                : await open.ExecuteUpdateAsync(u => u.SetProperty(d => d.Evidence, staged).SetProperty(d => d.Metadata, kept), ct);
            var updated = await db.Disputes.AsNoTracking().FirstAsync(d => d.Id == dispute.Id, ct);
            if (changed == 0) return ApiErrors.DisputeUnexpectedState(updated.Status, "take evidence").ToResponse();
            Record(events, db, updated, EventTypes.DisputeUpdated);
            return Respond(updated);
        });
    }

    /// <summary>Flex's close: the merchant accepts the loss of a dispute that needs_response (Stripe's too).</summary>
    static async Task<IResult> Close(string id, HttpContext http, Merchant merchant, EventLog events)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "dispute");
        if (error is not null) return error.ToResult();
        fields!.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        return await http.WriteAsync(async (db, ct) =>
        {
            var closed = await Opened(db, merchant).Where(d => d.Id == id && d.Status == DisputeStatus.NeedsResponse)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DisputeStatus.Lost), ct);
            var dispute = await Opened(db, merchant).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
            if (dispute is null) return ApiErrors.NotFound("dispute", id).ToResponse();
            if (closed == 0) return ApiErrors.DisputeUnexpectedState(dispute.Status, "be closed").ToResponse();
            Record(events, db, dispute, EventTypes.DisputeClosed);
            return Respond(dispute);
        });
    }

    static IQueryable<Dispute> Opened(CheckoutDb db, Merchant merchant) => db.Disputes.OwnedBy(merchant).Where(d => d.OpenedAt != null);

    /// <summary>The merchant's opened dispute <paramref name="id"/>, row-locked: on PostgreSQL it waits for any other unit of work
    /// changing the dispute and then reads what that one committed, so two updates never merge evidence into the same reading.</summary>
    static Task<Dispute?> HoldAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        Opened(db, merchant).AsNoTracking().TagWith(RowLocks.ForUpdate).FirstOrDefaultAsync(d => d.Id == id, ct);

    static void Record(EventLog events, CheckoutDb db, Dispute dispute, string type) =>
        events.Record(db, dispute.AccountId, dispute.TestMode, type, "dispute", dispute.ToWire(), WireJson.Default.Dispute);

    static ApiResponse Respond(Dispute dispute) => ApiResponse.Json(new DisputeEnvelope(dispute.ToWire()), WireJson.Default.DisputeEnvelope);
}
