using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A customer-facing code for a coupon (Stripe's promotion_code, with Flex's <c>_id</c> naming): the buyer types
/// <see cref="Code"/> on the hosted page of a session that allows promotion codes.</summary>
public sealed record PromoCode(
    string PromoCodeId,
    string Code,
    string CouponId,
    Coupon Coupon,
    bool Active,
    long? MaxRedemptions,
    long TimesRedeemed,
    long? ExpiresAt,
    PromoCodeRestrictions Restrictions,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="PromoCodeId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => PromoCodeId;
}

/// <summary>Stripe's restrictions: only a buyer with no earlier paid session; only an order of at least
/// <see cref="MinimumAmount"/> (minor units, before the discount) in <see cref="MinimumAmountCurrency"/>.</summary>
public sealed record PromoCodeRestrictions(bool FirstTimeTransaction, long? MinimumAmount, string? MinimumAmountCurrency);

public sealed record PromoCodeEnvelope(PromoCode PromoCode);

public sealed record PromoCodeList(IReadOnlyList<PromoCode> PromoCodes, bool HasMore);

public sealed record CreatePromoCodeRequest
{
    public required string CouponId { get; set; }
    /// <summary>Letters and digits; matched regardless of case.</summary>
    public required string Code { get; set; }
    public bool? Active { get; set; }
    public long? MaxRedemptions { get; set; }
    /// <summary>Unix seconds.</summary>
    public long? ExpiresAt { get; set; }
    public PromoCodeRestrictionsRequest? Restrictions { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record PromoCodeRestrictionsRequest
{
    public bool? FirstTimeTransaction { get; set; }
    public long? MinimumAmount { get; set; }
    public string? MinimumAmountCurrency { get; set; }
}

/// <summary>Like Stripe's, only these may change: the code's terms are fixed once made.</summary>
public sealed record UpdatePromoCodeRequest
{
    public bool? Active { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}
