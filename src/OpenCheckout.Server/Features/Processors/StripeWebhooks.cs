using Microsoft.EntityFrameworkCore;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;
using Event = Stripe.Event;
using EventUtility = Stripe.EventUtility;
using StripeException = Stripe.StripeException;

namespace OpenCheckout.Server.Features.Processors;

/// <summary><c>POST /processors/stripe/webhooks/{account id}</c>: Stripe's notices for one account, verified with the account's
/// webhook signing secret (Stripe.net's <see cref="EventUtility"/>). Each is turned into OpenCheckout's own state change and
/// events through the same paths as the page and the workers: a payment finished after the buyer left (Stripe is asked for
/// the payment's state now, so a notice arriving late or out of order changes nothing it should not), a refund settled or
/// failed. Duplicates are harmless: every effect is a conditional move forward, and handled notices are remembered.</summary>
static class StripeWebhooks
{
    /// <summary>Stripe's events are a few KB; anything far larger is not Stripe's.</summary>
    const int MaxBody = 512 * 1024;

    public static string UrlFor(PublicUrls urls, string accountId) => $"{urls.Base}/processors/stripe/webhooks/{accountId}";

    public static void MapStripeWebhooks(this IEndpointRouteBuilder app) =>
        app.MapPost("/processors/stripe/webhooks/{accountId}", ReceiveAsync).ExcludeFromDescription().DisableAntiforgery();

    static async Task<IResult> ReceiveAsync(string accountId, HttpContext http, ProcessorDirectory processors, ProcessorSecrets secrets,
        CheckoutDb db, IUnitOfWork writes, PaymentService payments, RefundService refunds, TimeProvider clock, ILogger<ProcessorEvent> log)
    {
        var ct = http.RequestAborted;
        if (await processors.FindAsync(accountId, ct) is not { Kind: ProcessorKinds.Stripe, WebhookSecretProtected: { } protectedSecret })
            return Results.NotFound();
        if (http.Request.ContentLength > MaxBody) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        using var reader = new StreamReader(http.Request.Body);
        var json = await reader.ReadToEndAsync(ct);
        if (json.Length > MaxBody) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var signature = http.Request.Headers["Stripe-Signature"].ToString();
        Event notice;
        try
        {
            if (signature.Length == 0) throw new StripeException("No Stripe-Signature header.");
            notice = EventUtility.ConstructEvent(json, signature, secrets.Unprotect(protectedSecret), throwOnApiVersionMismatch: false);
        }
        // Whatever fails here (a bad signature, a stale timestamp, a malformed header or body) is the sender's fault, not ours.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("A Stripe notice for {AccountId} was refused: {Reason}", accountId, e.Message);
            return Results.BadRequest(new { error = "The Stripe-Signature header does not verify this body with the account's signing secret." });
        }
        if (await db.ProcessorEvents.AnyAsync(e => e.AccountId == accountId && e.EventId == notice.Id, ct)) return Results.Ok();

        switch (notice.Data.Object)
        {
            case Stripe.PaymentIntent intent when intent.Metadata?.GetValueOrDefault("opencheckout_attempt") is { } attemptId:
                await payments.SettleAttemptAsync(accountId, attemptId, intent.Id, ct);
                break;
            case Stripe.Refund refund when refund.Metadata?.GetValueOrDefault("opencheckout_refund") is { } refundId:
                await writes.RunAsync((writeDb, writeCt) =>
                    refunds.RecordProcessorAnswerAsync(writeDb, accountId, refundId, new ProcessorRefund(refund.Id, refund.Status), writeCt), ct);
                break;
            default:
                log.LogInformation("Stripe notice {EventId} ({Type}) for {AccountId}: nothing to do", notice.Id, notice.Type, accountId);
                break;
        }

        try
        {
            db.ProcessorEvents.Add(new ProcessorEvent
            {
                AccountId = accountId, EventId = notice.Id, Type = notice.Type, ReceivedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same notice, handled at the same moment by another node.
        }
        return Results.Ok();
    }
}
