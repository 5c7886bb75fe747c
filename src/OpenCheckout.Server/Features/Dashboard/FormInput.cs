using System.Globalization;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>A dashboard form's fields read for people: text trimmed and held to the same limits as the API's
/// (<see cref="CatalogRules"/>), amounts typed in major units (<c>12.50</c>) and converted to minor units with the
/// currency's exponent, whole numbers and percentages. Each bad field adds one message naming it by its label; a page
/// with <see cref="Errors"/> changes nothing and shows them.</summary>
public sealed class FormInput
{
    readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string message) => _errors.Add(message);

    /// <summary>Trimmed; null when empty (an error if <paramref name="required"/>).</summary>
    public string? Text(string? value, string label, int maxLength, bool required = false)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            if (required) Add($"{label} is required.");
            return null;
        }
        if (text.Length > maxLength)
        {
            Add($"{label} must be at most {maxLength} characters.");
            return null;
        }
        return text;
    }

    /// <summary>A plain email address (<c>ann@shop.example</c>), trimmed and at most <paramref name="maxLength"/>
    /// characters; null when empty (an error if <paramref name="required"/>).</summary>
    public string? Email(string? value, string label, int maxLength, bool required = false)
    {
        var text = Text(value, label, maxLength, required);
        if (text is null) return null;
        if (!EmailAddress.IsPlain(text))
        {
            Add($"{label} must be an email address such as help@example.com.");
            return null;
        }
        return text;
    }

    /// <summary>A supported currency code, lower-cased.</summary>
    public string? Currency(string? value, string label = "Currency")
    {
        var code = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(code))
        {
            Add($"{label} is required.");
            return null;
        }
        if (code.Length > CatalogRules.CurrencyLength)
        {
            Add($"{label} must be a three-letter code such as usd.");
            return null;
        }
        if (CatalogRules.UnsupportedCurrency(code) is { } unsupported)
        {
            Add(unsupported);
            return null;
        }
        return code;
    }

    /// <summary>An amount typed in major units of <paramref name="currency"/> (12.50 USD, 500 JPY, 1.250 KWD), in minor
    /// units; at least <paramref name="minMinor"/> and at most <see cref="Amount.Max"/>.</summary>
    public long? Amount(string? value, string label, string currency, long minMinor = 0, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add($"{label} is required.");
            return null;
        }
        var exponent = Money.Currency.Exponent(currency);
        var code = currency.ToUpperInvariant();
        if (!decimal.TryParse(value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major))
        {
            Add($"{label} must be an amount such as {Example(exponent)} (in {code}).");
            return null;
        }
        if (decimal.Round(major, exponent) != major)
        {
            Add(exponent == 0 ? $"{label} must be a whole number of {code}." : $"{label} has at most {exponent} decimals in {code}.");
            return null;
        }
        var scale = exponent switch { 0 => 1m, 2 => 100m, _ => 1000m };
        if (major > Money.Amount.Max / scale || major * scale < minMinor)
        {
            Add($"{label} must be between {Money.Currency.Format(minMinor, currency)} and {Money.Currency.Format(Money.Amount.Max, currency)}.");
            return null;
        }
        return (long)(major * scale);
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; null when empty and not required.</summary>
    public long? Whole(string? value, string label, long min, long max, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add($"{label} is required.");
            return null;
        }
        if (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Add($"{label} must be a whole number from {min} to {max}.");
            return null;
        }
        return number;
    }

    /// <summary>A percentage with at most two decimals, as the API takes <c>percent_off</c>.</summary>
    public decimal? Percent(string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!decimal.TryParse(value.Trim().TrimEnd('%').TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            || percent < CatalogRules.MinPercentOff || percent > CatalogRules.MaxPercentOff
            || decimal.Round(percent, CatalogRules.PercentOffDecimals) != percent)
        {
            Add($"{label} must be a number from {CatalogRules.MinPercentOff} to {CatalogRules.MaxPercentOff}, with at most {CatalogRules.PercentOffDecimals} decimals.");
            return null;
        }
        return percent;
    }

    static string Example(int exponent) => exponent switch { 0 => "500", 2 => "12.50", _ => "1.250" };
}
