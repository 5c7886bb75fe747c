using OpenCheckout.Money;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>The limits a catalog object's fields must keep, whoever writes it: the API's handlers read JSON with them, the
/// dashboard's pages read forms with them, so both refuse the same input.</summary>
public static class CatalogRules
{
    public const int ProductNameLength = 250;
    public const int DescriptionLength = 5000;
    public const int CouponNameLength = 200;
    public const int ShippingRateNameLength = 100;
    public const int CurrencyLength = 3;
    public const long MaxDurationInMonths = 1200;
    public const long MaxRedemptions = int.MaxValue;
    public const decimal MinPercentOff = 0.01m;
    public const decimal MaxPercentOff = 100m;
    public const int PercentOffDecimals = 2;

    public static readonly IReadOnlyList<string> CouponDurations = ["once", "forever", "repeating"];

    /// <summary>Every currency a price can be in, alphabetically: what a form offers.</summary>
    public static readonly IReadOnlyList<string> Currencies = [.. new[] { 0, 2, 3 }.SelectMany(Currency.WithExponent).Order(StringComparer.Ordinal)];

    /// <summary>Why <paramref name="currency"/> cannot price anything, or null when it can.</summary>
    public static string? UnsupportedCurrency(string currency) => Currency.IsSupported(currency)
        ? null
        : $"Unsupported currency '{currency}': use a lowercase ISO 4217 code such as usd.";
}
