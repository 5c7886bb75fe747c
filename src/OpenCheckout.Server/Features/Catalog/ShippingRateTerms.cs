using OpenCheckout.Server.Infrastructure.Http;
using Amounts = OpenCheckout.Money.Amount;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A shipping rate as sent to <c>POST /v1/shipping_rates</c> or inline as <c>shipping_options[].shipping_rate_data</c>:
/// Flex's <c>{display_name, amount}</c>, or Stripe's <c>{display_name, type: "fixed_amount", fixed_amount: {amount, currency}}</c>.</summary>
public sealed record ShippingRateTerms(string DisplayName, long Amount, string? Currency, bool Active, Dictionary<string, string> Metadata)
{
    static readonly string[] ReadOnlyFields = ["shipping_rate_id", "id", "object", "created_at", "created", "test_mode", "livemode"];

    public static ShippingRateTerms? Parse(JsonFields f)
    {
        f.Ignore(ReadOnlyFields);
        var displayName = f.String("display_name", CatalogRules.ShippingRateNameLength, required: true);
        var amount = f.Integer("amount", min: 0, max: Amounts.Max);
        string? currency = null;
        if (f.Object("fixed_amount") is { } fixedAmount)
        {
            var stripeAmount = fixedAmount.Integer("amount", required: true, min: 0, max: Amounts.Max);
            currency = fixedAmount.String("currency", CatalogRules.CurrencyLength);
            fixedAmount.RejectUnknown();
            if (amount is not null && stripeAmount is not null && amount != stripeAmount)
                f.AddError("fixed_amount", "parameter_conflict", "amount and fixed_amount.amount differ.");
            amount ??= stripeAmount;
        }
        else if (!f.Has("amount")) f.AddError("amount", "parameter_missing", $"Missing required param: {f.Param("amount")}.");
        currency = f.String("currency", CatalogRules.CurrencyLength) ?? currency;
        if (currency is not null && CatalogRules.UnsupportedCurrency(currency) is { } unsupported) f.AddError("currency", "currency_invalid", unsupported);
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
