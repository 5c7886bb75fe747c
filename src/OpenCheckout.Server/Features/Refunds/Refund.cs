using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Refunds;

/// <summary>A refund of part or all of a succeeded payment intent. Its amount was reserved by the conditional
/// update that raised <see cref="Payments.PaymentIntent.AmountRefunded"/>, in the same transaction that stored it.</summary>
public sealed class Refund : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string PaymentIntentId { get; init; }
    public string? SessionId { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public required string Status { get; set; }
    public string? Reason { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    /// <summary>The session lines this refund covers, when it was made per line item; empty otherwise.</summary>
    public List<RefundLine> Lines { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Live: the processor's refund (Stripe's re_…) once it has been sent; null while it waits to be sent, and in test mode.</summary>
    public string? ProcessorRefundId { get; set; }
}

/// <summary>What a line-item refund took for one session line: <paramref name="Amount"/> of the line's own total, and
/// <paramref name="Extras"/> of the session's shipping, tax and fees (a client may spread those over its line refunds).</summary>
public sealed record RefundLine(string LineItemId, string PriceId, string ProductId, long Amount, long Extras = 0);

public static class RefundStatus
{
    public const string Pending = "pending";
    public const string RequiresAction = "requires_action";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    /// <summary>Statuses whose amount stays taken from the payment (a failed or canceled refund gives it back).</summary>
    public static readonly string[] Holding = [Pending, RequiresAction, Succeeded];
}

public static class RefundReason
{
    public const string Duplicate = "duplicate";
    public const string Fraudulent = "fraudulent";
    public const string RequestedByCustomer = "requested_by_customer";

    public static bool IsKnown(string reason) => reason is Duplicate or Fraudulent or RequestedByCustomer;
}
