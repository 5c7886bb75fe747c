using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>A test clock's subscriptions, renewed, retried and ended as the clock advances, at its time: trial ends, each
/// period's invoice and charge, declined renewals' retries, scheduled cancellations.</summary>
sealed class ClockedRenewals(RenewalSteps steps) : IClockedWork
{
    public async Task<DateTime?> NextDueAsync(CheckoutDb db, string testClockId, DateTime after, CancellationToken ct)
    {
        var billing = db.Subscriptions.Where(s => s.TestClockId == testClockId && RenewalSteps.Billing.Contains(s.Status));
        var periodEnd = await billing.Where(s => s.CurrentPeriodEnd > after).MinAsync(s => (DateTime?)s.CurrentPeriodEnd, ct);
        var cancelAt = await billing.Where(s => s.CancelAt > after).MinAsync(s => s.CancelAt, ct);
        var retry = await db.Invoices.Where(i => i.TestClockId == testClockId && i.Status == InvoiceStatus.Open && i.NextPaymentAttempt > after)
            .MinAsync(i => i.NextPaymentAttempt, ct);
        return new[] { periodEnd, cancelAt, retry }.Where(t => t is not null).DefaultIfEmpty().Min();
    }

    public async Task<int> RunDueAsync(CheckoutDb db, string testClockId, DateTimeOffset now, CancellationToken ct) =>
        await steps.PeriodEndsBatchAsync(db, db.Subscriptions.Where(s => s.TestClockId == testClockId), now.UtcDateTime, ct)
        + await steps.RetriesBatchAsync(db, db.Invoices.Where(i => i.TestClockId == testClockId), now.UtcDateTime, ct);
}
