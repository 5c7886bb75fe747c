using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Cards;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;
using WireJson = OpenCheckout.Wire.WireJson;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>What is charged for a subscription invoice: its amount due, to its customer.</summary>
public sealed record InvoiceCharge(string InvoiceId, string AccountId, bool TestMode, string CustomerId, long Amount, string Currency,
    string? TestClockId);

/// <summary>Charges a subscription invoice, inside the caller's unit of work: one payment intent per invoice (a unique index), each
/// attempt recorded on it as a session's are, with the same events. The caller guards the attempt (the subscription's row lock and
/// a re-check of the invoice), so an attempt is made once whichever node makes it.</summary>
public sealed class InvoicePayments(EventLog events, IOptions<OpenCheckoutOptions> options)
{
    public static readonly ChargeOutcome.Declined NoPaymentMethod = new("payment_method_missing", null,
        "The subscription has no saved card to charge: the customer can pay on the hosted invoice page.");

    /// <summary>A renewal's charge of the saved card <paramref name="method"/> (null: none saved), without the buyer.</summary>
    public Task<(PaymentIntent Intent, ChargeOutcome Outcome)> ChargeSavedAsync(CheckoutDb db, InvoiceCharge charge,
        CustomerPaymentMethod? method, DateTimeOffset now, CancellationToken ct)
    {
        // Subscriptions start from paid sessions, which only test mode has so far: a saved card is a test card.
        var outcome = method is null ? NoPaymentMethod : TestCardProcessor.ChargeSaved(method.ProcessorToken);
        var card = method is null ? null : new CardSummary(method.Brand, method.Last4, method.ExpMonth, method.ExpYear);
        return RecordAsync(db, charge, method?.Id, card, outcome, now, ct);
    }

    /// <summary>The buyer paying on the invoice's hosted page with <paramref name="card"/>, as <paramref name="paymentMethodId"/>.</summary>
    public Task<(PaymentIntent Intent, ChargeOutcome Outcome)> ChargeCardAsync(CheckoutDb db, InvoiceCharge charge, ValidCard card,
        string paymentMethodId, DateTimeOffset now, CancellationToken ct) =>
        RecordAsync(db, charge, paymentMethodId, card.Summary, TestCardProcessor.Charge(card), now, ct);

    /// <summary>The invoice's payment intent (made at its first attempt), and the declines it has had.</summary>
    public static Task<int> DeclinesAsync(CheckoutDb db, string invoiceId, CancellationToken ct) =>
        db.PaymentIntents.Where(p => p.InvoiceId == invoiceId).Select(p => p.DeclinedAttempts).FirstOrDefaultAsync(ct);

    async Task<(PaymentIntent Intent, ChargeOutcome Outcome)> RecordAsync(CheckoutDb db, InvoiceCharge charge, string? paymentMethodId,
        CardSummary? card, ChargeOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        var intent = await db.PaymentIntents.FirstOrDefaultAsync(p => p.InvoiceId == charge.InvoiceId, ct);
        if (intent is null)
        {
            intent = new PaymentIntent
            {
                Id = ObjectId.New(ObjectId.PaymentIntent, now),
                AccountId = charge.AccountId,
                TestMode = charge.TestMode,
                InvoiceId = charge.InvoiceId,
                CustomerId = charge.CustomerId,
                Amount = charge.Amount,
                Currency = charge.Currency,
                Status = PaymentIntentStatus.RequiresPaymentMethod,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
                TestClockId = charge.TestClockId,
            };
            db.PaymentIntents.Add(intent);
            Record(db, EventTypes.PaymentIntentCreated, intent);
        }
        (intent.PaymentMethodId, intent.CardBrand, intent.CardLast4, intent.CardExpMonth, intent.CardExpYear) =
            (paymentMethodId, card?.Brand, card?.Last4, card?.ExpMonth, card?.ExpYear);
        intent.UpdatedAt = now.UtcDateTime;
        if (outcome is ChargeOutcome.Declined declined)
        {
            intent.DeclinedAttempts++;
            (intent.ErrorType, intent.ErrorCode, intent.ErrorDeclineCode, intent.ErrorMessage) =
                ("card_error", declined.Code, declined.DeclineCode, declined.Message);
            Record(db, EventTypes.PaymentIntentFailed, intent);
            Record(db, EventTypes.ChargeFailed, intent, intent.ToCharge(ObjectId.New(ObjectId.Charge, now)));
            return (intent, outcome);
        }
        intent.Status = PaymentIntentStatus.Succeeded;
        intent.AmountReceived = intent.Amount;
        intent.ChargeId = ObjectId.New(ObjectId.Charge, now);
        (intent.ErrorType, intent.ErrorCode, intent.ErrorDeclineCode, intent.ErrorMessage) = (null, null, null, null);
        if (outcome is ChargeOutcome.Succeeded { DisputeFollows: true })
            db.Disputes.Add(Dispute.Of(intent.AccountId, intent.TestMode, intent.Id, intent.ChargeId, null, intent.AmountReceived,
                intent.Currency, now, now + options.Value.Disputes.Delay, options.Value.Disputes.EvidenceWindow, intent.TestClockId));
        Record(db, EventTypes.PaymentIntentSucceeded, intent);
        Record(db, EventTypes.ChargeSucceeded, intent, intent.ToCharge());
        return (intent, outcome);
    }

    void Record(CheckoutDb db, string type, PaymentIntent intent) =>
        events.Record(db, intent.AccountId, intent.TestMode, type, "payment_intent", intent.ToWire(), WireJson.Default.PaymentIntent);

    void Record(CheckoutDb db, string type, PaymentIntent intent, Wire.Charge charge) =>
        events.Record(db, intent.AccountId, intent.TestMode, type, "charge", charge, WireJson.Default.Charge);
}
