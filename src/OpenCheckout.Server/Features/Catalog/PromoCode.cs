using OpenCheckout.Money;
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

    public const string NotValid = "This code isn't valid.";
    public const string UsedUp = "This code has been used as many times as the shop allows.";
    public const string FirstTimeOnly = "This code is for first-time customers only.";

    /// <summary>Why this code cannot discount an order of <paramref name="subtotal"/> in <paramref name="currency"/> now, in the
    /// buyer's words; null if it can (first-time-ness aside: that depends on the buyer).</summary>
    public string? Refusal(Coupon coupon, string currency, long subtotal, DateTime now)
    {
        if (!Active) return NotValid;
        if (ExpiresAt is { } expiresAt && expiresAt <= now) return "This code has expired.";
        if (MaxRedemptions is { } max && TimesRedeemed >= max || !coupon.Valid) return UsedUp;
        if (coupon.AmountOff is not null && coupon.Currency is { } couponCurrency && couponCurrency != currency)
            return $"This code can't be used for an order in {currency.ToUpperInvariant()}.";
        if (MinimumAmount is { } minimum)
        {
            if (MinimumAmountCurrency != currency) return $"This code can't be used for an order in {currency.ToUpperInvariant()}.";
            if (subtotal < minimum) return $"This code needs an order of at least {Currency.Format(minimum, currency)} before discounts.";
        }
        return null;
    }
}
