using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

public sealed record Product(
    string ProductId,
    string Name,
    string? Description,
    bool Active,
    IReadOnlyDictionary<string, string> Metadata,
    string? Url,
    string? Gtin,
    string? UpcCode,
    string? ReferenceGtin,
    string? ClientReferenceId,
    IReadOnlyList<string> ImageUrls,
    IReadOnlyList<string> Categories,
    string HsaFsaEligibility,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="ProductId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => ProductId;
}

/// <summary>A price; <see cref="Recurring"/> is set when <see cref="Type"/> is <c>recurring</c>, and
/// <see cref="TrialPeriodDays"/> repeats its trial where Flex also puts it.</summary>
public sealed record Price(
    string PriceId,
    string Product,
    long UnitAmount,
    string Currency,
    string? Description,
    bool Active,
    [property: AllowedValues("one_time", "recurring")] string Type,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode,
    PriceRecurring? Recurring = null,
    int? TrialPeriodDays = null)
{
    /// <summary>The same as <see cref="PriceId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => PriceId;
}

/// <summary>How often a recurring price bills: <c>interval</c> in Flex's spelling.</summary>
public sealed record PriceRecurring(
    [property: AllowedValues("daily", "weekly", "monthly", "yearly")] string Interval,
    int IntervalCount,
    int? TrialPeriodDays);

public sealed record ProductEnvelope(Product Product);

public sealed record ProductList(IReadOnlyList<Product> Products, bool HasMore);

public sealed record PriceEnvelope(Price Price);

public sealed record PriceList(IReadOnlyList<Price> Prices, bool HasMore);

/// <summary>A discount sessions can apply. Exactly one of <see cref="AmountOff"/> (minor units) and <see cref="PercentOff"/>
/// (0.01–100, two decimals at most) is set.</summary>
public sealed record Coupon(
    string CouponId,
    string Name,
    long? AmountOff,
    decimal? PercentOff,
    string? Currency,
    CouponAppliesTo? AppliesTo,
    [property: AllowedValues("once", "forever", "repeating")] string Duration,
    long? DurationInMonths,
    long? MaxRedemptions,
    long TimesRedeemed,
    bool Valid,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="CouponId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => CouponId;
}

/// <summary>Lines a coupon is limited to: those with one of these prices or products. Null on a coupon: every line.</summary>
public sealed record CouponAppliesTo(IReadOnlyList<string> Prices, IReadOnlyList<string> Products);

public sealed record CouponEnvelope(Coupon Coupon);

public sealed record CouponList(IReadOnlyList<Coupon> Coupons, bool HasMore);

/// <summary>A fixed shipping charge a session can offer (Flex: <c>{display_name, amount}</c>; Stripe's <c>type</c> alongside).</summary>
public sealed record ShippingRate(
    string ShippingRateId,
    string DisplayName,
    long Amount,
    string? Currency,
    [property: AllowedValues("fixed_amount")] string Type,
    bool Active,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="ShippingRateId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => ShippingRateId;
}

public sealed record ShippingRateEnvelope(ShippingRate ShippingRate);

public sealed record ShippingRateList(IReadOnlyList<ShippingRate> ShippingRates, bool HasMore);
