using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Payments;

/// <summary><c>/v1/captures</c>: what manual captures took. A capture is made by <c>POST /v1/checkout/sessions/{id}/capture</c>;
/// here it is read, and its metadata changed.</summary>
static class CapturesApi
{
    public static void MapCaptures(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/captures").WithTags("Captures");
        group.MapGet("/", List)
            .WithName("ListCaptures")
            .Answers<CaptureList>()
            .Lists(
                Filter.Text("checkout_session", "Only this session's captures."),
                Filter.Text("payment_intent", "Only this payment intent's captures."))
            .WithSummary("List captures, newest first; filter by checkout_session or payment_intent.");
        group.MapGet("/{id}", Get)
            .WithName("GetCapture")
            .Answers<CaptureEnvelope>()
            .WithSummary("Retrieve a capture.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateCapture")
            .Answers<CaptureEnvelope>()
            .Takes<UpdateCaptureRequest>()
            .WithSummary("Update a capture's metadata.");
        group.MapPost("/{id}", Update)
            .WithName("UpdateCaptureByPost")
            .Answers<CaptureEnvelope>()
            .Takes<UpdateCaptureRequest>()
            .WithSummary("Update a capture (POST spelling).");
    }

    /// <summary>Fields of the capture object a client may echo back on update; accepted and ignored.</summary>
    static readonly string[] ReadOnlyFields =
    [
        "capture_id", "id", "object", "amount", "amount_captured", "amount_shipping_captured", "amount_discount_captured", "amount_tax_captured",
        "currency", "checkout_session", "payment_intent", "charge", "status", "items", "created_at", "created", "test_mode",
    ];

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var capture = await db.Captures.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
        return capture is null
            ? ApiErrors.NotFound("capture", id).ToResult()
            : WireResults.Json(new CaptureEnvelope(capture.ToWire()), WireJson.Default.CaptureEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var captures = db.Captures.AsNoTracking().OwnedBy(merchant);
        if (query["checkout_session"].FirstOrDefault() is { } session) captures = captures.Where(c => c.SessionId == session);
        if ((query["payment_intent"].FirstOrDefault() ?? query["payment_intent_id"].FirstOrDefault()) is { } intent)
            captures = captures.Where(c => c.PaymentIntentId == intent);
        var (items, hasMore) = await captures.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(c => c.ToWire()).ToList(), hasMore, (page, more) => new CaptureList(page, more), WireJson.Default.CaptureList);
    }

    /// <summary>Only the metadata changes, replaced as a whole (as on refunds and products); an update without it changes
    /// nothing. Flex documents no capture events, so none is recorded.</summary>
    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "capture");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        var metadata = fields.Metadata("metadata");
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        return await http.WriteAsync(async (db, ct) =>
        {
            var capture = await db.Captures.OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (capture is null) return ApiErrors.NotFound("capture", id).ToResponse();
            if (metadata is not null && !metadata.OrderBy(m => m.Key).SequenceEqual(capture.Metadata.OrderBy(m => m.Key)))
                (capture.Metadata, capture.UpdatedAt) = (metadata, clock.GetUtcNow().UtcDateTime);
            return ApiResponse.Json(new CaptureEnvelope(capture.ToWire()), WireJson.Default.CaptureEnvelope);
        });
    }
}
