using OpenCheckout.Money;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Payments;

/// <summary><c>POST /v1/checkout/sessions/{id}/capture</c>: a manual-capture session's payment is taken here.</summary>
static class CaptureApi
{
    public static void MapCapture(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/checkout/sessions/{id}/capture", Capture)
            .WithTags("Checkout Sessions")
            .WithName("CaptureCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .Takes<CaptureCheckoutSessionRequest>()
            .WithSummary("Capture a manual-capture session's authorized payment (all, or amount_to_capture); the session becomes paid.");
    }

    static async Task<IResult> Capture(string id, HttpContext http, Merchant merchant, PaymentService payments, TimeProvider clock, PublicUrls urls)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var amount = fields!.Integer("amount_to_capture", min: 1, max: Amount.Max);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        return await http.WriteAsync(async (db, ct) => await payments.CaptureAsync(db, id, merchant, amount, ct) switch
        {
            null => ApiErrors.NotFound("checkout session", id).ToResponse(),
            CaptureResult.Captured captured => SessionsApi.Respond(captured.Session, clock.GetUtcNow(), urls),
            CaptureResult.Refused refused => refused.Error.ToResponse(),
            _ => throw new InvalidOperationException("Unknown capture result."),
        });
    }
}
