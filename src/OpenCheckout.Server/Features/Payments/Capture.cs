using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>One capture of a manual-capture payment, stored by <see cref="CaptureService.CaptureAsync"/> in the unit of work
/// whose conditional update moved the payment intent from requires_capture to succeeded. Only its metadata changes later.
/// A payment intent is captured at most once (a unique index on <see cref="PaymentIntentId"/> as well as that update);
/// automatic-capture payments have none.</summary>
public sealed class Capture : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string PaymentIntentId { get; init; }
    public string? ChargeId { get; init; }
    public string? SessionId { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public required string Status { get; init; }
    /// <summary>The session's shipping, discount and tax when the whole authorization was captured; 0 for a partial capture.</summary>
    public long AmountShipping { get; init; }
    public long AmountDiscount { get; init; }
    public long AmountTax { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public static Capture Of(PaymentIntent intent, long amount, (long Shipping, long Discount, long Tax) parts,
        Dictionary<string, string> metadata, DateTimeOffset now) => new()
    {
        Id = ObjectId.New(ObjectId.Capture, now),
        AccountId = intent.AccountId,
        TestMode = intent.TestMode,
        PaymentIntentId = intent.Id,
        ChargeId = intent.ChargeId,
        SessionId = intent.SessionId,
        Amount = amount,
        Currency = intent.Currency,
        Status = CaptureStatus.Succeeded,
        AmountShipping = parts.Shipping,
        AmountDiscount = parts.Discount,
        AmountTax = parts.Tax,
        Metadata = metadata,
        CreatedAt = now.UtcDateTime,
        UpdatedAt = now.UtcDateTime,
    };
}

public static class CaptureStatus
{
    /// <summary>Test-mode captures take the money at once, so this is the only status today.</summary>
    public const string Succeeded = "succeeded";
}
