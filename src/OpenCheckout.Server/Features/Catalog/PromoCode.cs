using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A code a buyer types to get a coupon's discount. The code is kept as entered and, in <see cref="CodeKey"/>,
/// upper-cased: a partial unique index on that key among active codes makes it unique per account and mode regardless of
/// case, so of two nodes creating the same code at once one wins.</summary>
public sealed class PromoCode : IOwnedObject
{
    public const int CodeLength = 64;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Code { get; init; }
    public required string CodeKey { get; init; }
    public required string CouponId { get; init; }
    public bool Active { get; set; } = true;
    public long? MaxRedemptions { get; init; }
    /// <summary>Paid sessions that used the code; raised in the payment's transaction.</summary>
    public long TimesRedeemed { get; set; }
    public DateTime? ExpiresAt { get; init; }
    public bool FirstTimeTransaction { get; init; }
    public long? MinimumAmount { get; init; }
    public string? MinimumAmountCurrency { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }

    /// <summary>How a typed code is compared: trimmed, upper-cased.</summary>
    public static string KeyOf(string code) => code.Trim().ToUpperInvariant();
}
