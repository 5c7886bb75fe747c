using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Cards;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>A subscription's timed steps, each in the caller's unit of work with its events: at a period's end the subscription
/// ends (cancel_at, cancel_at_period_end) or renews (the trial ends, pending items take effect, the period's invoice is created
/// and charged to the saved card); an open invoice's retry charges it again, and the last failed one cancels the subscription
/// or leaves it unpaid (<c>Subscriptions:AfterRetries</c>). Each step takes the subscription's row first
/// (<see cref="RowLocks.ForUpdate"/>), then re-checks what it found due, so a period is renewed and an attempt made once
/// whichever node runs it; the unique index on (subscription, period start) holds even if that were ever wrong.
/// <see cref="RenewalWorker"/> runs them in real time, <see cref="ClockedRenewals"/> on a test clock's time.</summary>
sealed class RenewalSteps(SubscriptionEvents events, SubscriptionChanges changes, InvoicePayments payments,
    IOptions<OpenCheckoutOptions> options)
{
    public const int BatchSize = 100;

    /// <summary>The statuses that still bill: a canceled subscription is over, an unpaid one waits for its open invoice.</summary>
    public static readonly string[] Billing = [SubscriptionStatus.Trialing, SubscriptionStatus.Active, SubscriptionStatus.PastDue];

    /// <summary>A subscription whose period end or cancel_at has come at <paramref name="now"/>: the batch's, the real-time
    /// worker's and a clock's one definition.</summary>
    public static Expression<Func<Subscription, bool>> PeriodDue(DateTime now) =>
        s => Billing.Contains(s.Status) && (s.CurrentPeriodEnd <= now || s.CancelAt <= now);

    /// <summary>An open invoice whose next attempt has come at <paramref name="now"/>.</summary>
    public static Expression<Func<Invoice, bool>> RetryDue(DateTime now) =>
        i => i.Status == InvoiceStatus.Open && i.NextPaymentAttempt <= now;

    /// <summary>Ends or renews up to <see cref="BatchSize"/> of <paramref name="scope"/> whose period end or cancel_at has come at
    /// <paramref name="now"/>, one period each; returns how many it took.</summary>
    public async Task<int> PeriodEndsBatchAsync(CheckoutDb db, IQueryable<Subscription> scope, DateTime now, CancellationToken ct)
    {
        var due = await scope.Where(PeriodDue(now))
            .OrderBy(s => s.CurrentPeriodEnd).Select(s => s.Id).Take(BatchSize).TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var taken = 0;
        foreach (var id in due)
        {
            var subscription = await db.Subscriptions.TagWith(RowLocks.ForUpdate).FirstAsync(s => s.Id == id, ct);
            if (!Billing.Contains(subscription.Status)) continue;
            if (subscription.CancelAt is { } cancelAt && cancelAt <= now && cancelAt <= subscription.CurrentPeriodEnd)
                await changes.EndAsync(db, subscription, cancelAt, ct);
            else if (subscription.CurrentPeriodEnd <= now)
                await RenewAsync(db, subscription, ct);
            else continue;
            await db.SaveChangesAsync(ct);
            taken++;
        }
        return taken;
    }

    /// <summary>Charges again up to <see cref="BatchSize"/> of <paramref name="scope"/>'s open invoices whose next attempt has come
    /// at <paramref name="now"/>; returns how many it attempted.</summary>
    public async Task<int> RetriesBatchAsync(CheckoutDb db, IQueryable<Invoice> scope, DateTime now, CancellationToken ct)
    {
        var due = await scope.Where(RetryDue(now))
            .OrderBy(i => i.NextPaymentAttempt).Select(i => new { i.Id, i.SubscriptionId }).Take(BatchSize)
            .TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var taken = 0;
        foreach (var (id, subscriptionId) in due.Select(d => (d.Id, d.SubscriptionId)))
        {
            var subscription = await db.Subscriptions.TagWith(RowLocks.ForUpdate).FirstAsync(s => s.Id == subscriptionId, ct);
            var invoice = await db.Invoices.FirstAsync(i => i.Id == id, ct);
            if (invoice.Status != InvoiceStatus.Open || invoice.NextPaymentAttempt is not { } next || next > now) continue;
            await AttemptAsync(db, subscription, invoice, now, ct);
            await db.SaveChangesAsync(ct);
            taken++;
        }
        return taken;
    }

    /// <summary>The next period: its items (pending ones take effect now), the trial over, its invoice created and charged. One
    /// period per call: a subscription several periods behind (a node down for days) renews once per period, in order.</summary>
    async Task RenewAsync(CheckoutDb db, Subscription subscription, CancellationToken ct)
    {
        var start = subscription.CurrentPeriodEnd;
        var end = subscription.Recurrence.After(start);
        if (subscription.PendingItems is { } pending) (subscription.Items, subscription.PendingItems) = (pending, null);
        if (subscription.Status == SubscriptionStatus.Trialing) subscription.Status = SubscriptionStatus.Active;
        (subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, subscription.UpdatedAt) = (start, end, start);
        var lines = subscription.Items.ConvertAll(i =>
            new InvoiceLine($"{i.Quantity} × {i.Description}", i.PriceId, i.Quantity, checked(i.UnitAmount * i.Quantity), start, end));
        var invoice = new Invoice
        {
            Id = ObjectId.New(ObjectId.Invoice, start),
            AccountId = subscription.AccountId,
            TestMode = subscription.TestMode,
            CustomerId = subscription.CustomerId,
            SubscriptionId = subscription.Id,
            Status = InvoiceStatus.Open,
            Currency = subscription.Currency,
            Lines = lines,
            AmountDue = lines.Aggregate(0L, (sum, l) => checked(sum + l.Amount)),
            PeriodStart = start,
            PeriodEnd = end,
            BillingReason = BillingReason.SubscriptionCycle,
            CreatedAt = start,
            TestClockId = subscription.TestClockId,
        };
        subscription.LatestInvoiceId = invoice.Id;
        db.Invoices.Add(invoice);
        events.Record(db, EventTypes.SubscriptionUpdated, subscription);
        events.Record(db, EventTypes.InvoiceCreated, invoice);
        events.Record(db, EventTypes.InvoiceFinalized, invoice);
        await AttemptAsync(db, subscription, invoice, start, ct);
    }

    /// <summary>One attempt to collect <paramref name="invoice"/> (tracked, its subscription's row taken).</summary>
    async Task AttemptAsync(CheckoutDb db, Subscription subscription, Invoice invoice, DateTime now, CancellationToken ct)
    {
        invoice.AttemptCount++;
        ChargeOutcome outcome = new ChargeOutcome.Succeeded(DisputeFollows: false);
        if (invoice.AmountDue > 0)
        {
            var method = subscription.DefaultPaymentMethodId is { } methodId
                ? await db.CustomerPaymentMethods.AsNoTracking().FirstOrDefaultAsync(m => m.Id == methodId, ct)
                : null;
            PaymentIntent intent;
            (intent, outcome) = await payments.ChargeSavedAsync(db, new InvoiceCharge(invoice.Id, invoice.AccountId, invoice.TestMode,
                invoice.CustomerId, invoice.AmountDue, invoice.Currency, invoice.TestClockId), method, now, ct);
            invoice.PaymentIntentId = intent.Id;
        }
        if (outcome is ChargeOutcome.Declined) await FailedAsync(db, subscription, invoice, now, ct);
        else Paid(db, subscription, invoice, now);
    }

    /// <summary><paramref name="invoice"/> (tracked) is paid; its subscription (tracked, its row taken) active again if it was behind,
    /// which records <c>customer.subscription.updated</c> (true when it did).</summary>
    public bool Paid(CheckoutDb db, Subscription subscription, Invoice invoice, DateTime now)
    {
        (invoice.Status, invoice.AmountPaid, invoice.PaidAt, invoice.NextPaymentAttempt) = (InvoiceStatus.Paid, invoice.AmountDue, now, null);
        events.Record(db, EventTypes.InvoicePaid, invoice);
        events.Record(db, EventTypes.InvoicePaymentSucceeded, invoice);
        if (subscription.Status is not (SubscriptionStatus.PastDue or SubscriptionStatus.Unpaid) || invoice.Id != subscription.LatestInvoiceId)
            return false;
        (subscription.Status, subscription.UpdatedAt) = (SubscriptionStatus.Active, now);
        events.Record(db, EventTypes.SubscriptionUpdated, subscription);
        return true;
    }

    /// <summary>A declined attempt: the next retry on the schedule, counted from the invoice's first attempt; after the last, the
    /// subscription is canceled (its open invoices voided) or left unpaid with this invoice open for the buyer to pay.</summary>
    async Task FailedAsync(CheckoutDb db, Subscription subscription, Invoice invoice, DateTime now, CancellationToken ct)
    {
        var settings = options.Value.Subscriptions;
        var retries = settings.Retries;
        invoice.NextPaymentAttempt = invoice.AttemptCount <= retries.Count ? invoice.CreatedAt + retries[invoice.AttemptCount - 1] : null;
        events.Record(db, EventTypes.InvoicePaymentFailed, invoice);
        if (invoice.NextPaymentAttempt is not null)
        {
            if (subscription.Status == SubscriptionStatus.PastDue) return;
            (subscription.Status, subscription.UpdatedAt) = (SubscriptionStatus.PastDue, now);
            events.Record(db, EventTypes.SubscriptionUpdated, subscription);
        }
        else if (settings.AfterRetries == AfterRetries.Cancel)
        {
            (invoice.Status, invoice.NextPaymentAttempt) = (InvoiceStatus.Void, null); // as ending voids the other open ones
            await changes.EndAsync(db, subscription, now, ct);
        }
        else
        {
            (subscription.Status, subscription.UpdatedAt) = (SubscriptionStatus.Unpaid, now);
            events.Record(db, EventTypes.SubscriptionUpdated, subscription);
        }
    }
}
