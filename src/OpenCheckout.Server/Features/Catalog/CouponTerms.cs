using OpenCheckout.Server.Infrastructure.Http;
using Amounts = OpenCheckout.Money.Amount;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A coupon's terms as sent to <c>POST /v1/coupons</c> or inline as a session's <c>discounts[].coupon_data</c>.</summary>
public sealed record CouponTerms(
    string Name,
    long? AmountOff,
    long? PercentOffBasisPoints,
    string? Currency,
    List<string> Prices,
    List<string> Products,
    string Duration,
    long? DurationInMonths,
    long? MaxRedemptions,
    Dictionary<string, string> Metadata)
{
    /// <summary>Fields of the coupon object a client echoes back when re-creating one from its GET response.</summary>
    static readonly string[] ReadOnlyFields = ["coupon_id", "id", "object", "times_redeemed", "valid", "created_at", "created", "test_mode", "livemode"];

    public static CouponTerms? Parse(JsonFields f)
    {
        f.Ignore(ReadOnlyFields);
        var name = f.String("name", CatalogRules.CouponNameLength) ?? "";
        var amountOff = f.Integer("amount_off", min: 1, max: Amounts.Max);
        var percentOff = f.Decimal("percent_off", CatalogRules.MinPercentOff, CatalogRules.MaxPercentOff, CatalogRules.PercentOffDecimals);
        if (f.Has("amount_off") && f.Has("percent_off"))
            f.AddError("percent_off", "parameter_conflict", "Set one of amount_off and percent_off, not both.");
        else if (!f.Has("amount_off") && !f.Has("percent_off"))
            f.AddError("amount_off", "parameter_missing", $"Missing required param: {f.Param("amount_off")} or {f.Param("percent_off")}.");
        var currency = f.String("currency", CatalogRules.CurrencyLength);
        if (currency is not null && CatalogRules.UnsupportedCurrency(currency) is { } unsupported) f.AddError("currency", "currency_invalid", unsupported);
        var (prices, products) = AppliesTo(f);
        var duration = f.String("duration", 20) ?? "once";
        if (!CatalogRules.CouponDurations.Contains(duration)) f.AddError("duration", "parameter_invalid_string", "duration must be once, forever or repeating.");
        var months = f.Integer("duration_in_months", min: 1, max: CatalogRules.MaxDurationInMonths);
        var maxRedemptions = f.Integer("max_redemptions", min: 1, max: CatalogRules.MaxRedemptions);
        var metadata = f.Metadata("metadata") ?? [];
        f.RejectUnknown();
        return f.HasErrors ? null
            : new CouponTerms(name, amountOff, percentOff is { } p ? (long)(p * 100) : null, currency, prices, products, duration, months,
                maxRedemptions, metadata);
    }

    /// <summary><c>{prices: [...]}</c>, <c>{products: [...]}</c> or both; absent, null, <c>{}</c> or <c>[]</c> (PHP's empty map) mean every line.</summary>
    static (List<string> Prices, List<string> Products) AppliesTo(JsonFields f)
    {
        if (f.IsEmptyArray("applies_to")) return ([], []);
        var appliesTo = f.Object("applies_to");
        if (appliesTo is null) return ([], []);
        var prices = appliesTo.Strings("prices", 100, 64) ?? [];
        var products = appliesTo.Strings("products", 100, 64) ?? [];
        appliesTo.RejectUnknown();
        return (prices, products);
    }

    public Coupon ToCoupon(string id, string accountId, bool testMode, DateTime createdAt) => new()
    {
        Id = id,
        AccountId = accountId,
        TestMode = testMode,
        Name = Name,
        AmountOff = AmountOff,
        PercentOffBasisPoints = PercentOffBasisPoints,
        Currency = Currency,
        AppliesToPrices = Prices,
        AppliesToProducts = Products,
        Duration = Duration,
        DurationInMonths = DurationInMonths,
        MaxRedemptions = MaxRedemptions,
        Metadata = Metadata,
        CreatedAt = createdAt,
    };
}
