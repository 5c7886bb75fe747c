using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>A paid subscription-mode session becomes a subscription (trialing when it has a trial, else active) and its first
/// invoice, paid by the session's payment: the session's lines, its recurring ones for the first period (free in a trial).</summary>
sealed class SubscriptionStarts(SubscriptionEvents events) : ISubscriptionStarts
{
    public Task<string> StartAsync(CheckoutDb db, CheckoutSession session, SessionSubscription terms, string customerId, string? paymentMethodId,
        PaymentIntent paid, DateTimeOffset now, CancellationToken ct)
    {
        var start = now.UtcDateTime;
        DateTime? trialEnd = terms.TrialPeriodDays is { } days ? start.AddDays(days) : null;
        var periodEnd = trialEnd ?? terms.Recurrence.After(start);
        var recurring = session.LineItems.Where(l => terms.RecurringLineItemIds.Contains(l.LineItemId)).ToList();
        var subscription = new Subscription
        {
            Id = ObjectId.New(ObjectId.Subscription, now),
            AccountId = session.AccountId,
            TestMode = session.TestMode,
            CustomerId = customerId,
            SessionId = session.Id,
            TestClockId = session.TestClockId,
            Status = trialEnd is null ? SubscriptionStatus.Active : SubscriptionStatus.Trialing,
            Items = recurring.ConvertAll(l => new SubscriptionItem(l.PriceId, l.ProductId, l.ProductName, l.UnitAmount, l.Quantity)),
            Currency = session.Currency,
            Interval = terms.Interval,
            IntervalCount = terms.IntervalCount,
            CurrentPeriodStart = start,
            CurrentPeriodEnd = periodEnd,
            TrialStart = trialEnd is null ? null : start,
            TrialEnd = trialEnd,
            DefaultPaymentMethodId = paymentMethodId,
            Metadata = terms.Metadata,
            CreatedAt = start,
            UpdatedAt = start,
        };
        var invoice = new Invoice
        {
            Id = ObjectId.New(ObjectId.Invoice, now),
            AccountId = session.AccountId,
            TestMode = session.TestMode,
            CustomerId = customerId,
            SubscriptionId = subscription.Id,
            Status = InvoiceStatus.Paid,
            Currency = session.Currency,
            Lines = session.LineItems.ConvertAll(l => recurring.Contains(l)
                ? new InvoiceLine(trialEnd is null ? $"{l.Quantity} × {l.ProductName}" : $"Trial period for {l.ProductName}", l.PriceId, l.Quantity,
                    l.AmountTotal, start, periodEnd)
                : new InvoiceLine($"{l.Quantity} × {l.ProductName}", l.PriceId, l.Quantity, l.AmountTotal, start, start)),
            AmountDue = paid.Amount,
            AmountPaid = paid.Amount,
            AttemptCount = 1,
            PeriodStart = start,
            PeriodEnd = periodEnd,
            BillingReason = BillingReason.SubscriptionCreate,
            PaymentIntentId = paid.Id,
            CreatedAt = start,
            PaidAt = start,
            TestClockId = session.TestClockId,
        };
        subscription.LatestInvoiceId = invoice.Id;
        db.Subscriptions.Add(subscription);
        db.Invoices.Add(invoice);
        events.Record(db, EventTypes.SubscriptionCreated, subscription);
        foreach (var type in (ReadOnlySpan<string>)[EventTypes.InvoiceCreated, EventTypes.InvoiceFinalized, EventTypes.InvoicePaid, EventTypes.InvoicePaymentSucceeded])
            events.Record(db, type, invoice);
        return Task.FromResult(subscription.Id);
    }
}
