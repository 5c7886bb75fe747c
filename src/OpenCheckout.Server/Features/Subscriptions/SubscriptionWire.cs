using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Subscriptions;

static class SubscriptionWire
{
    public static Wire.Subscription ToWire(this Subscription s) => new(
        s.Id, s.CustomerId, s.Status, s.Items.ConvertAll(ToWire), s.Currency, s.Recurrence.ToWire(null)!,
        Unix.Seconds(s.CurrentPeriodStart), Unix.Seconds(s.CurrentPeriodEnd), s.CancelAtPeriodEnd, Seconds(s.CancelAt), Seconds(s.CanceledAt),
        Seconds(s.TrialStart), Seconds(s.TrialEnd), s.DefaultPaymentMethodId, s.LatestInvoiceId, s.SessionId, s.Metadata,
        Unix.Seconds(s.CreatedAt), s.TestMode, s.PendingItems?.ConvertAll(ToWire));

    static Wire.SubscriptionItem ToWire(SubscriptionItem item) => new(item.PriceId, item.Quantity, item.UnitAmount);

    public static Wire.Invoice ToWire(this Invoice i, PublicUrls urls) => new(
        i.Id, i.CustomerId, i.SubscriptionId, i.Status, i.Currency,
        i.Lines.ConvertAll(l => new Wire.InvoiceLine(l.Description, l.PriceId, l.Quantity, l.Amount,
            new Wire.InvoiceLinePeriod(Unix.Seconds(l.PeriodStart), Unix.Seconds(l.PeriodEnd)))),
        i.AmountDue, i.AmountPaid, i.AmountDue - i.AmountPaid, i.AttemptCount, Seconds(i.NextPaymentAttempt),
        i.Status == InvoiceStatus.Draft ? null : urls.HostedInvoice(i.Id),
        Unix.Seconds(i.PeriodStart), Unix.Seconds(i.PeriodEnd), i.BillingReason, i.PaymentIntentId, Unix.Seconds(i.CreatedAt), i.TestMode);

    static long? Seconds(DateTime? time) => time is { } t ? Unix.Seconds(t) : null;
}
