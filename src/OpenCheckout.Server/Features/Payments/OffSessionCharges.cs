using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>A merchant charging a customer's saved card without the buyer: the session is stored open, then paid through the one
/// payment path with the saved card. 200 with the session complete, or 402 <c>card_error</c> with it left open (the payment intent
/// records the decline). The answer is kept for idempotent replays in the charge's own unit of work, so a retry with the same key
/// never charges twice; a duplicate that loses that race rolls its charge back and leaves only an unpaid open session, which expires.</summary>
sealed class OffSessionCharges(CheckoutDb reads, IUnitOfWork writes, ISessionStore sessions, PaymentService payments, PublicUrls urls,
    TimeProvider clock)
    : IOffSessionCharges
{
    public async Task<ApiResponse> CreateAndChargeAsync(HttpContext http, Merchant merchant, SessionDraft draft, string paymentMethodId,
        CancellationToken ct)
    {
        var session = draft.Session;
        var method = await reads.CustomerPaymentMethods.AsNoTracking().OwnedBy(merchant)
            .FirstOrDefaultAsync(m => m.Id == paymentMethodId && m.CustomerId == session.CustomerId, ct);
        if (method is null)
            return ApiErrors.PaymentMethodNotFound("payment_method", paymentMethodId, session.CustomerId).ToResponse();
        var email = session.Defaults?.Email ?? method.BillingEmail ?? "";

        await writes.RunAsync(async (db, ct) =>
        {
            db.AddRange(draft.Created);
            await sessions.AddAsync(db, session, ct);
            return true;
        }, ct);
        ApiResponse? answer = null;
        var result = await payments.ChargeSavedAsync(session, method, email, ct,
            alsoWrite: (db, result, ct) => http.RecordAnswerAsync(db, answer = Respond(result, session.Id), ct));
        return answer ?? Respond(result, session.Id);
    }

    ApiResponse Respond(PayResult result, string id) => result switch
    {
        PayResult.Paid paid => SessionsApi.Respond(paid.Session, clock.GetUtcNow(), urls),
        PayResult.Declined d => ApiErrors.CardDeclined(d.Outcome.Code, d.Outcome.DeclineCode, d.Outcome.Message, "payment_method", d.PaymentIntentId).ToResponse(),
        PayResult.Gone => ApiErrors.NotFound("checkout session", id).ToResponse(),
        _ => ApiErrors.StateConflict("checkout_session_changed", "The session could not be charged as created; nothing was charged.").ToResponse(),
    };
}
