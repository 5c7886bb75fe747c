using System.Net;
using OpenCheckout.Cards;
using OpenCheckout.Processors;
using Stripe;
using ChargeOutcome = OpenCheckout.Cards.ChargeOutcome;
using PaymentIntent = Stripe.PaymentIntent;

namespace OpenCheckout.Server.Features.Processors;

/// <summary>The Stripe connector: one Stripe PaymentIntent per OpenCheckout attempt, created and confirmed on the server with
/// the payment method Stripe.js made on the page ("finalize payments on the server"), so the card number never reaches
/// OpenCheckout. Every write carries OpenCheckout's idempotency key; Stripe keeps keys for 24 hours, which bounds how late
/// the reconciliation worker may ask again (it asks within <c>Processors:ReconcileAfter</c>).</summary>
public sealed class StripeProcessor(StripeClient client) : IPaymentProcessor
{
    public string Name => ProcessorKinds.Stripe;

    public bool IsRemote => true;

    public async Task<ChargeOutcome> ChargeAsync(PaymentOrder order, CancellationToken ct)
    {
        var token = order.Source is PaymentSource.ProcessorToken t ? t.Token
            : throw new ArgumentException("Stripe charges payment methods made by Stripe.js, never typed card numbers.", nameof(order));
        var options = new PaymentIntentCreateOptions
        {
            Amount = order.Amount,
            Currency = order.Currency,
            PaymentMethod = token,
            // 3-D Secure runs in Stripe.js on the page (use_stripe_sdk); a method that redirects comes back to our page.
            // (allow_redirects=never would say "cards only" more plainly, but is newer than the API description the tests hold us to.)
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            ReturnUrl = order.OffSession ? null : order.ReturnUrl,
            Confirm = true,
            CaptureMethod = order.ManualCapture ? "manual" : "automatic",
            Customer = order.ProcessorCustomerId,
            SetupFutureUsage = order.SaveForLater && !order.OffSession ? "off_session" : null,
            OffSession = order.OffSession ? true : null,
            Metadata = new Dictionary<string, string>(order.Metadata),
            Expand = ["payment_method"],
        };
        try
        {
            return Outcome(await Intents.CreateAsync(options, Keyed(order.IdempotencyKey), ct));
        }
        catch (StripeException e) when (e.StripeError?.Type == "card_error")
        {
            var intent = e.StripeError.PaymentIntent;
            return new ChargeOutcome.Declined(e.StripeError.Code ?? "card_declined", e.StripeError.DeclineCode,
                e.StripeError.Message ?? "Your card was declined.", intent?.Id, CardOf(e.StripeError.PaymentMethod));
        }
        catch (Exception e) when (Unavailable(e, ct) is { } unavailable)
        {
            throw unavailable;
        }
        catch (StripeException e)
        {
            throw new ProcessorRefusedException(e.StripeError?.Code ?? "stripe_error", e.StripeError?.Message ?? e.Message, e);
        }
    }

    public async Task<ChargeOutcome> GetAsync(string paymentId, CancellationToken ct)
    {
        try
        {
            return Outcome(await Intents.GetAsync(paymentId, new PaymentIntentGetOptions { Expand = ["payment_method"] }, cancellationToken: ct));
        }
        catch (Exception e) when (Unavailable(e, ct) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public Task CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct) =>
        CallAsync(() => Intents.CaptureAsync(paymentId, new PaymentIntentCaptureOptions { AmountToCapture = amount }, Keyed(idempotencyKey), ct), ct);

    public Task CancelAsync(string paymentId, string idempotencyKey, CancellationToken ct) =>
        CallAsync(() => Intents.CancelAsync(paymentId, new PaymentIntentCancelOptions(), Keyed(idempotencyKey), ct), ct);

    public async Task<ProcessorRefund> RefundAsync(string paymentId, long amount, string idempotencyKey, IReadOnlyDictionary<string, string> metadata,
        CancellationToken ct)
    {
        var refund = await CallAsync(() => new RefundService(client).CreateAsync(new RefundCreateOptions
        {
            PaymentIntent = paymentId, Amount = amount, Metadata = new Dictionary<string, string>(metadata),
        }, Keyed(idempotencyKey), ct), ct);
        return new ProcessorRefund(refund.Id, refund.Status);
    }

    public async Task<string> CheckAsync(CancellationToken ct)
    {
        var balance = await CallAsync(() => new BalanceService(client).GetAsync(cancellationToken: ct), ct);
        return $"Stripe answered: {(balance.Livemode ? "live" : "test")} mode key, {balance.Available?.Count ?? 0} available balance(s).";
    }

    PaymentIntentService Intents => new(client);

    static RequestOptions Keyed(string idempotencyKey) => new() { IdempotencyKey = idempotencyKey };

    /// <summary>Stripe's PaymentIntent statuses in OpenCheckout's terms. <c>processing</c> (not used by cards) and
    /// <c>requires_confirmation</c> (never left by a server-side confirm) count as unavailable: ask again later.</summary>
    static ChargeOutcome Outcome(PaymentIntent intent) => intent.Status switch
    {
        "succeeded" or "requires_capture" => new ChargeOutcome.Succeeded(false, new ProcessorCharge(intent.Id, intent.LatestChargeId,
            CardOf(intent.PaymentMethod) ?? new CardSummary("unknown", "0000", 1, 2000),
            intent.SetupFutureUsage is null ? null : intent.PaymentMethodId, intent.CustomerId)),
        "requires_action" => new ChargeOutcome.RequiresAction(intent.Id, intent.ClientSecret),
        "requires_payment_method" or "canceled" => new ChargeOutcome.Declined(intent.LastPaymentError?.Code ?? "payment_intent_payment_attempt_failed",
            intent.LastPaymentError?.DeclineCode, intent.LastPaymentError?.Message ?? "The payment was not completed.", intent.Id,
            CardOf(intent.PaymentMethod)),
        _ => throw new ProcessorUnavailableException($"Stripe's payment {intent.Id} is {intent.Status}: its outcome is not known yet."),
    };

    static CardSummary? CardOf(PaymentMethod? method) => method?.Card is { } card
        ? new CardSummary(card.Brand ?? "unknown", card.Last4 ?? "0000", (int)card.ExpMonth, (int)card.ExpYear)
        : null;

    async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Unavailable(e, ct) is { } unavailable)
        {
            throw unavailable;
        }
        catch (StripeException e)
        {
            throw new ProcessorRefusedException(e.StripeError?.Code ?? "stripe_error", e.StripeError?.Message ?? e.Message, e);
        }
    }

    /// <summary>A network error, a timeout or Stripe's own 5xx/429: whether Stripe acted is unknown. Other refusals are answers.</summary>
    static ProcessorUnavailableException? Unavailable(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException when ct.IsCancellationRequested => null,
        StripeException { HttpStatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests } s =>
            new ProcessorUnavailableException($"Stripe answered {(int)s.HttpStatusCode}: {s.StripeError?.Message}", e),
        StripeException { StripeError: null } or HttpRequestException or OperationCanceledException or TimeoutException =>
            new ProcessorUnavailableException("Stripe could not be reached: " + e.Message, e),
        _ => null,
    };
}
