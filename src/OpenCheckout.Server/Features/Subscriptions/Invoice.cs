using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>What a subscription bills for one period. One per subscription and period start (a unique index): however many
/// nodes renew at once, a period is invoiced, and so charged, once.</summary>
public sealed class Invoice : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string CustomerId { get; init; }
    public required string SubscriptionId { get; init; }
    public required string Status { get; set; }
    public required string Currency { get; init; }
    public required List<InvoiceLine> Lines { get; init; }
    public long AmountDue { get; init; }
    public long AmountPaid { get; set; }
    public int AttemptCount { get; set; }
    public DateTime? NextPaymentAttempt { get; set; }
    public DateTime PeriodStart { get; init; }
    public DateTime PeriodEnd { get; init; }
    /// <summary><c>subscription_create</c> or <c>subscription_cycle</c>, as Stripe names them.</summary>
    public required string BillingReason { get; init; }
    public string? PaymentIntentId { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? PaidAt { get; set; }
    /// <summary>Its subscription's test clock, copied: its attempts fall due on that clock's time.</summary>
    public string? TestClockId { get; init; }
}

/// <summary>One line of an invoice: an item of the subscription, or a one-time item of the session that started it.</summary>
public sealed record InvoiceLine(string Description, string? PriceId, long Quantity, long Amount, DateTime PeriodStart, DateTime PeriodEnd);

public static class InvoiceStatus
{
    public const string Draft = "draft";
    public const string Open = "open";
    public const string Paid = "paid";
    public const string Uncollectible = "uncollectible";
    public const string Void = "void";
}

public static class BillingReason
{
    public const string SubscriptionCreate = "subscription_create";
    public const string SubscriptionCycle = "subscription_cycle";
}
