using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Cards;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Subscriptions;

public abstract record InvoicePayResult
{
    public sealed record Paid : InvoicePayResult;
    public sealed record Declined(string Message) : InvoicePayResult;
    public sealed record Invalid(IReadOnlyList<CardFieldError> Errors) : InvoicePayResult;
    /// <summary>Paid, voided or uncollectible since the page was shown.</summary>
    public sealed record NotOpen : InvoicePayResult;
    /// <summary>Past <c>RateLimits:MaxDeclinesPerSession</c> declines (renewal attempts included): card testing.</summary>
    public sealed record TooManyDeclines : InvoicePayResult;
    public sealed record Gone : InvoicePayResult;
}

/// <summary>The buyer paying an open invoice on its hosted page (<c>/pay/i/{id}</c>) with a card they type: the same guard as a
/// renewal (the subscription's row, then the invoice re-checked), the same payment intent and events. A paid invoice brings a
/// <c>past_due</c> or <c>unpaid</c> subscription back to <c>active</c>, and the card becomes the subscription's
/// <c>default_payment_method</c>: the buyer came to replace the one that failed.</summary>
sealed class HostedInvoicePayments(IUnitOfWork writes, CheckoutDb reads, InvoicePayments payments, RenewalSteps steps, SubscriptionEvents events,
    IObjectClock clocks, IOptions<OpenCheckoutOptions> options)
{
    public async Task<InvoicePayResult> PayAsync(string invoiceId, CardInput input, CancellationToken ct)
    {
        var found = await reads.Invoices.AsNoTracking().Where(i => i.Id == invoiceId).Select(i => new { i.SubscriptionId, i.TestClockId })
            .FirstOrDefaultAsync(ct);
        if (found is null) return new InvoicePayResult.Gone();
        var (card, errors) = CardValidator.Validate(input, await clocks.NowAsync(found.TestClockId, ct));
        if (errors.Count > 0) return new InvoicePayResult.Invalid(errors);

        return await writes.RunAsync<InvoicePayResult>(async (db, ct) =>
        {
            var subscription = await db.Subscriptions.TagWith(RowLocks.ForUpdate).FirstOrDefaultAsync(s => s.Id == found.SubscriptionId, ct);
            var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
            if (subscription is null || invoice is null) return new InvoicePayResult.Gone();
            if (invoice.Status != InvoiceStatus.Open) return new InvoicePayResult.NotOpen();
            if (await InvoicePayments.DeclinesAsync(db, invoice.Id, ct) >= options.Value.RateLimits.MaxDeclinesPerSession)
                return new InvoicePayResult.TooManyDeclines();
            var now = await clocks.NowAsync(db, invoice.TestClockId, ct);
            var methodId = ObjectId.New(ObjectId.PaymentMethod, now);
            invoice.AttemptCount++;
            var (intent, outcome) = await payments.ChargeCardAsync(db, new InvoiceCharge(invoice.Id, invoice.AccountId, invoice.TestMode,
                invoice.CustomerId, invoice.AmountDue - invoice.AmountPaid, invoice.Currency, invoice.TestClockId), card!, methodId, now, ct);
            invoice.PaymentIntentId = intent.Id;
            if (outcome is ChargeOutcome.Declined declined)
            {
                events.Record(db, EventTypes.InvoicePaymentFailed, invoice);
                await db.SaveChangesAsync(ct);
                return new InvoicePayResult.Declined(declined.Message);
            }
            db.CustomerPaymentMethods.Add(new CustomerPaymentMethod
            {
                Id = methodId, AccountId = invoice.AccountId, TestMode = invoice.TestMode, CustomerId = invoice.CustomerId,
                ProcessorToken = TestCardProcessor.SavedToken(card!), Brand = card!.Brand, Last4 = card.Last4, ExpMonth = card.ExpMonth,
                ExpYear = card.ExpYear, OffSession = true, CreatedAt = now.UtcDateTime,
            });
            subscription.DefaultPaymentMethodId = methodId;
            if (!steps.Paid(db, subscription, invoice, now.UtcDateTime))
            {
                subscription.UpdatedAt = now.UtcDateTime;
                events.Record(db, EventTypes.SubscriptionUpdated, subscription);
            }
            await db.SaveChangesAsync(ct);
            return new InvoicePayResult.Paid();
        }, ct);
    }
}
