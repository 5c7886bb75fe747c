using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
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
        var dispute = await DisputeResponses.Opened(db, merchant).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return dispute is null
            ? ApiErrors.NotFound("dispute", id).ToResult()
            : WireResults.Json(new DisputeEnvelope(dispute.ToWire()), WireJson.Default.DisputeEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var disputes = DisputeResponses.Opened(db, merchant).AsNoTracking();
        if ((query["payment_intent"].FirstOrDefault() ?? query["payment_intent_id"].FirstOrDefault()) is { } intent)
            disputes = disputes.Where(d => d.PaymentIntentId == intent);
        if (query["checkout_session"].FirstOrDefault() is { } session) disputes = disputes.Where(d => d.SessionId == session);
        var (items, hasMore) = await disputes.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(d => d.ToWire()).ToList(), hasMore, (page, more) => new DisputeList(page, more), WireJson.Default.DisputeList);
    }

    /// <summary>Stripe's update: <c>evidence</c> merges into what is staged, <c>metadata</c> replaces, <c>submit</c> (default true,
    /// as Stripe's; Flex does not say) submits. One <c>charge.dispute.updated</c> per update.</summary>
    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, DisputeResponses responses)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "dispute");
        if (error is not null) return error.ToResult();
        var evidence = fields!.Object("evidence") is { } given ? DisputeEvidenceText.Read(given) : null;
        var metadata = fields.Metadata("metadata");
        var submit = fields.Boolean("submit") ?? true;
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        return await http.WriteAsync(async (db, ct) =>
            await responses.UpdateAsync(db, merchant, id, evidence, metadata, submit, ct) is var (updated, refused) && refused is null
                ? Respond(updated!)
                : refused.ToResponse());
    }

    /// <summary>Flex's close: the merchant accepts the loss of a dispute that needs_response (Stripe's too).</summary>
    static async Task<IResult> Close(string id, HttpContext http, Merchant merchant, DisputeResponses responses)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "dispute");
        if (error is not null) return error.ToResult();
        fields!.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        return await http.WriteAsync(async (db, ct) =>
            await responses.CloseAsync(db, merchant, id, ct) is var (closed, refused) && refused is null
                ? Respond(closed!)
                : refused.ToResponse());
    }

    static ApiResponse Respond(Dispute dispute) => ApiResponse.Json(new DisputeEnvelope(dispute.ToWire()), WireJson.Default.DisputeEnvelope);
}
