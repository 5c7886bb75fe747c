using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>A customer's recurring purchase, started by paying a subscription-mode session: its items bill every period from
/// <see cref="DefaultPaymentMethodId"/>, the card saved at checkout.</summary>
public sealed class Subscription : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string CustomerId { get; init; }
    /// <summary>The session whose payment started it.</summary>
    public required string SessionId { get; init; }
    /// <summary>Its customer's test clock, copied: it renews on that clock's time.</summary>
    public string? TestClockId { get; init; }
    public required string Status { get; set; }
    public required List<SubscriptionItem> Items { get; set; }
    /// <summary>Items that replace <see cref="Items"/> when the next period begins (an update does not prorate).</summary>
    public List<SubscriptionItem>? PendingItems { get; set; }
    public required string Currency { get; init; }
    public RecurringInterval Interval { get; init; }
    public int IntervalCount { get; init; }
    public DateTime CurrentPeriodStart { get; set; }
    public DateTime CurrentPeriodEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public DateTime? CancelAt { get; set; }
    public DateTime? CanceledAt { get; set; }
    public DateTime? TrialStart { get; init; }
    public DateTime? TrialEnd { get; set; }
    public string? DefaultPaymentMethodId { get; set; }
    public string? LatestInvoiceId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public Recurrence Recurrence => new(Interval, IntervalCount);
}

/// <summary>A price the subscription bills each period, with the amount it had when subscribed (prices never change amount).</summary>
public sealed record SubscriptionItem(string PriceId, string ProductId, string? Description, long UnitAmount, long Quantity);

public static class SubscriptionStatus
{
    public const string Trialing = "trialing";
    public const string Active = "active";
    /// <summary>A renewal's payment failed; retries follow <c>Subscriptions:RetrySchedule</c>.</summary>
    public const string PastDue = "past_due";
    public const string Canceled = "canceled";
    /// <summary>Retries ran out with <c>Subscriptions:AfterRetries = unpaid</c>: kept, billing stopped until paid.</summary>
    public const string Unpaid = "unpaid";
    /// <summary>The first payment needs another attempt.</summary>
    public const string Incomplete = "incomplete";
}
