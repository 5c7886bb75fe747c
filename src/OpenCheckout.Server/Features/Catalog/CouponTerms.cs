using Amounts = OpenCheckout.Money.Amount;
using Currencies = OpenCheckout.Money.Currency;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A coupon's terms as sent to <c>POST /v1/coupons</c> or inline as a session's <c>discounts[].coupon_data</c>.</summary>
sealed record CouponTerms(
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

    static readonly string[] Durations = ["once", "forever", "repeating"];

    public static CouponTerms? Parse(JsonFields f)
    {
        f.Ignore(ReadOnlyFields);
        var name = f.String("name", 200) ?? "";
        var amountOff = f.Integer("amount_off", min: 1, max: Amounts.Max);
        var percentOff = f.Decimal("percent_off", 0.01m, 100m, 2);
        if (f.Has("amount_off") && f.Has("percent_off"))
            f.AddError("percent_off", "parameter_conflict", "Set one of amount_off and percent_off, not both.");
        else if (!f.Has("amount_off") && !f.Has("percent_off"))
            f.AddError("amount_off", "parameter_missing", $"Missing required param: {f.Param("amount_off")} or {f.Param("percent_off")}.");
        var currency = f.String("currency", 3);
        if (currency is not null && !Currencies.IsSupported(currency))
            f.AddError("currency", "currency_invalid", $"Unsupported currency '{currency}': use a lowercase ISO 4217 code such as usd.");
        var (prices, products) = AppliesTo(f);
        var duration = f.String("duration", 20) ?? "once";
        if (!Durations.Contains(duration)) f.AddError("duration", "parameter_invalid_string", "duration must be once, forever or repeating.");
        var months = f.Integer("duration_in_months", min: 1, max: 1200);
        var maxRedemptions = f.Integer("max_redemptions", min: 1, max: int.MaxValue);
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

/// <summary>A shipping rate as sent to <c>POST /v1/shipping_rates</c> or inline as <c>shipping_options[].shipping_rate_data</c>:
/// Flex's <c>{display_name, amount}</c>, or Stripe's <c>{display_name, type: "fixed_amount", fixed_amount: {amount, currency}}</c>.</summary>
sealed record ShippingRateTerms(string DisplayName, long Amount, string? Currency, bool Active, Dictionary<string, string> Metadata)
{
    static readonly string[] ReadOnlyFields = ["shipping_rate_id", "id", "object", "created_at", "created", "test_mode", "livemode"];

    public static ShippingRateTerms? Parse(JsonFields f)
    {
        f.Ignore(ReadOnlyFields);
        var displayName = f.String("display_name", 100, required: true);
        var amount = f.Integer("amount", min: 0, max: Amounts.Max);
        string? currency = null;
        if (f.Object("fixed_amount") is { } fixedAmount)
        {
            var stripeAmount = fixedAmount.Integer("amount", required: true, min: 0, max: Amounts.Max);
            currency = fixedAmount.String("currency", 3);
            fixedAmount.RejectUnknown();
            if (amount is not null && stripeAmount is not null && amount != stripeAmount)
                f.AddError("fixed_amount", "parameter_conflict", "amount and fixed_amount.amount differ.");
            amount ??= stripeAmount;
        }
        else if (!f.Has("amount")) f.AddError("amount", "parameter_missing", $"Missing required param: {f.Param("amount")}.");
        currency = f.String("currency", 3) ?? currency;
        if (currency is not null && !Currencies.IsSupported(currency))
            f.AddError("currency", "currency_invalid", $"Unsupported currency '{currency}': use a lowercase ISO 4217 code such as usd.");
        if (f.String("type", 20) is { } type && type != "fixed_amount")
            f.AddError("type", "parameter_invalid_string", "Only type fixed_amount is supported.");
        var active = f.Boolean("active") ?? true;
        var metadata = f.Metadata("metadata") ?? [];
        f.RejectUnknown();
        return f.HasErrors ? null : new ShippingRateTerms(displayName!, amount!.Value, currency, active, metadata);
    }

    public ShippingRate ToShippingRate(string id, string accountId, bool testMode, DateTime createdAt) => new()
    {
        Id = id,
        AccountId = accountId,
        TestMode = testMode,
        DisplayName = DisplayName,
        Amount = Amount,
        Currency = Currency,
        Active = Active,
        Metadata = Metadata,
        CreatedAt = createdAt,
    };
}
