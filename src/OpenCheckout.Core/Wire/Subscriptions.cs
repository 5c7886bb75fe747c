using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A customer's recurring purchase (contract section 13). <see cref="PendingItems"/>: the items that bill from the
/// next period, when an update changed them.</summary>
public sealed record Subscription(
    string SubscriptionId,
    string Customer,
    [property: AllowedValues("trialing", "active", "past_due", "canceled", "unpaid", "incomplete")] string Status,
    IReadOnlyList<SubscriptionItem> Items,
    string Currency,
    PriceRecurring Recurring,
    long CurrentPeriodStart,
    long CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    long? CancelAt,
    long? CanceledAt,
    long? TrialStart,
    long? TrialEnd,
    string? DefaultPaymentMethod,
    string? LatestInvoice,
    string CheckoutSession,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode,
    IReadOnlyList<SubscriptionItem>? PendingItems = null)
{
    /// <summary>The same as <see cref="SubscriptionId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => SubscriptionId;
}

public sealed record SubscriptionItem(string Price, long Quantity, long UnitAmount);

public sealed record SubscriptionEnvelope(Subscription Subscription);

public sealed record SubscriptionList(IReadOnlyList<Subscription> Subscriptions, bool HasMore);

/// <summary>What a subscription bills for one period. <see cref="HostedInvoiceUrl"/> is where the buyer pays an open one.</summary>
public sealed record Invoice(
    string InvoiceId,
    string Customer,
    string? Subscription,
    [property: AllowedValues("draft", "open", "paid", "uncollectible", "void")] string Status,
    string Currency,
    IReadOnlyList<InvoiceLine> Lines,
    long AmountDue,
    long AmountPaid,
    long AmountRemaining,
    int AttemptCount,
    long? NextPaymentAttempt,
    string? HostedInvoiceUrl,
    long PeriodStart,
    long PeriodEnd,
    [property: AllowedValues("subscription_create", "subscription_cycle")] string BillingReason,
    string? PaymentIntent,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="InvoiceId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => InvoiceId;
}

public sealed record InvoiceLine(string Description, string? Price, long Quantity, long Amount, InvoiceLinePeriod Period);

public sealed record InvoiceLinePeriod(long Start, long End);

public sealed record InvoiceEnvelope(Invoice Invoice);

public sealed record InvoiceList(IReadOnlyList<Invoice> Invoices, bool HasMore);
