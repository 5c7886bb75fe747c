using OpenCheckout.Money;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>A manual-capture session's authorization: <c>POST /v1/checkout/sessions/{id}/capture</c> takes the payment,
/// <c>POST /v1/checkout/sessions/{id}/cancel</c> releases it.</summary>
static class CaptureApi
{
    public static void MapCapture(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/checkout/sessions/{id}/capture", Capture)
            .WithTags("Checkout Sessions")
            .WithName("CaptureCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .Takes<CaptureCheckoutSessionRequest>()
            .WithSummary("Capture a manual-capture session's authorized payment (all, or amount_to_capture); the session becomes paid "
                + "and a capture (capture_metadata as its metadata) is stored.");
        v1.MapPost("/checkout/sessions/{id}/cancel", Cancel)
            .WithTags("Checkout Sessions")
            .WithName("CancelCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .WithSummary("Release a manual-capture session's uncaptured authorization: its payment intent becomes canceled; the session "
                + "stays complete and unpaid.");
    }

    static async Task<IResult> Capture(string id, HttpContext http, Merchant merchant, CaptureService captures, TimeProvider clock, PublicUrls urls,
        CheckoutDb db, ILiveProcessors processors)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var amount = fields!.Integer("amount_to_capture", min: 1, max: Amount.Max);
        var metadata = fields.Metadata("capture_metadata") ?? [];
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        if (await CaptureService.CaptureAtProcessorAsync(db, processors, id, merchant, amount, http.RequestAborted) is { } refused)
            return refused.ToResult();
        return await http.WriteAsync(async (db, ct) => await captures.CaptureAsync(db, id, merchant, amount, metadata, ct) switch
        {
            null => ApiErrors.NotFound("checkout session", id).ToResponse(),
            CaptureResult.Captured captured => SessionsApi.Respond(captured.Session, clock.GetUtcNow(), urls),
            CaptureResult.Refused refused => refused.Error.ToResponse(),
            _ => throw new InvalidOperationException("Unknown capture result."),
        });
    }

    /// <summary>No fields: an empty body, <c>{}</c> or <c>{"checkout_session": {}}</c>.</summary>
    static async Task<IResult> Cancel(string id, HttpContext http, Merchant merchant, CaptureService captures, TimeProvider clock, PublicUrls urls,
        CheckoutDb db, ILiveProcessors processors)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        fields!.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        if (await CaptureService.CancelAtProcessorAsync(db, processors, id, merchant, http.RequestAborted) is { } refused)
            return refused.ToResult();
        return await http.WriteAsync(async (db, ct) => await captures.CancelAsync(db, id, merchant, ct) switch
        {
            null => ApiErrors.NotFound("checkout session", id).ToResponse(),
            CancelResult.Canceled canceled => SessionsApi.Respond(canceled.Session, clock.GetUtcNow(), urls),
            CancelResult.Refused refused => refused.Error.ToResponse(),
            _ => throw new InvalidOperationException("Unknown cancel result."),
        });
    }
}
