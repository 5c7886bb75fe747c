using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

public sealed class CheckoutSession : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Status { get; set; }
    public required string PaymentStatus { get; set; }
    public string Mode { get; init; } = "payment";
    public required string Currency { get; init; }
    public long AmountSubtotal { get; init; }
    public long AmountTotal { get; init; }
    public long AmountDiscount { get; init; }
    public long AmountTax { get; init; }
    public long AmountShipping { get; init; }
    /// <summary>Snapshot of the prices at creation: a session's lines never change, whatever happens to the catalog.</summary>
    public List<SessionLineItem> LineItems { get; init; } = [];
    public required string SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public string? ClientReferenceId { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public SessionDefaults? Defaults { get; init; }
    public string? CustomerEmail { get; set; }
    public string? CustomerName { get; set; }
    public string? CustomerId { get; set; }
    public string? PaymentIntentId { get; set; }
    /// <summary>Mirrors the payment intent's amount refunded; changed only in the refund's transaction, under
    /// the payment intent's conditional update (see RefundService).</summary>
    public long AmountRefunded { get; set; }
    /// <summary>Ids of the session's refunds, oldest first.</summary>
    public List<string> RefundIds { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? CompletedAt { get; set; }
}

public sealed record SessionLineItem(
    string LineItemId,
    string PriceId,
    string ProductId,
    string? ProductName,
    string? PriceDescription,
    long UnitAmount,
    string Currency,
    long Quantity,
    long AmountSubtotal,
    long AmountTotal,
    Dictionary<string, string> PriceMetadata,
    DateTime PriceCreatedAt);

public sealed record SessionDefaults(string? Email, string? FirstName, string? LastName, string? Phone);
