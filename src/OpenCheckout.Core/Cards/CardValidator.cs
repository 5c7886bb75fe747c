using System.Text.RegularExpressions;

namespace OpenCheckout.Cards;

/// <summary>Checks a typed card the way a forgiving checkout form does: spaces and dashes in the number,
/// several expiry spellings, Luhn, expiry in the future, CVC length by brand.</summary>
public static partial class CardValidator
{
    public static (ValidCard? Card, IReadOnlyList<CardFieldError> Errors) Validate(CardInput input, DateTimeOffset now)
    {
        var errors = new List<CardFieldError>();
        var number = NormalizeNumber(input.Number);
        var brand = number is null ? null : CardBrand.Of(number);

        if (string.IsNullOrWhiteSpace(input.Number))
            errors.Add(new(CardFieldError.NumberField, "incomplete_number", "Your card number is incomplete."));
        else if (number is null || number.Length < 12 || number.Length > 19)
            errors.Add(new(CardFieldError.NumberField, "invalid_number", "Your card number is invalid."));
        else if (!PassesLuhn(number))
            errors.Add(new(CardFieldError.NumberField, "incorrect_number", "Your card number is incorrect."));

        var expiry = ParseExpiry(input.Expiry);
        if (string.IsNullOrWhiteSpace(input.Expiry))
            errors.Add(new(CardFieldError.ExpiryField, "incomplete_expiry", "Your card's expiration date is incomplete."));
        else if (expiry is null)
            errors.Add(new(CardFieldError.ExpiryField, "invalid_expiry_month", "Your card's expiration date is invalid."));
        else if (IsPast(expiry.Value.Month, expiry.Value.Year, now))
            errors.Add(new(CardFieldError.ExpiryField, "invalid_expiry_year", "Your card's expiration date is in the past."));

        var cvc = input.Cvc?.Trim();
        var cvcLength = brand == CardBrand.Amex ? 4 : 3;
        if (string.IsNullOrEmpty(cvc))
            errors.Add(new(CardFieldError.CvcField, "incomplete_cvc", "Your card's security code is incomplete."));
        else if (cvc.Length != cvcLength || !cvc.All(char.IsAsciiDigit))
            errors.Add(new(CardFieldError.CvcField, "invalid_cvc", "Your card's security code is invalid."));

        return errors.Count == 0
            ? (new ValidCard(number!, brand!, expiry!.Value.Month, expiry.Value.Year), errors)
            : (null, errors);
    }

    /// <summary>Digits only, or null when anything but digits, spaces and dashes was typed.</summary>
    static string? NormalizeNumber(string? raw)
    {
        if (raw is null) return null;
        var digits = raw.Replace(" ", "").Replace("-", "");
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>MM/YY, MM / YY, MMYY, MM/YYYY (and M/YY).</summary>
    public static (int Month, int Year)? ParseExpiry(string? raw)
    {
        if (raw is null) return null;
        var match = ExpiryPattern().Match(raw.Trim());
        if (!match.Success) return null;
        var month = int.Parse(match.Groups["month"].Value);
        var year = int.Parse(match.Groups["year"].Value);
        if (year < 100) year += 2000;
        return month is >= 1 and <= 12 ? (month, year) : null;
    }

    static bool IsPast(int month, int year, DateTimeOffset now) =>
        year < now.Year || (year == now.Year && month < now.Month) || year > now.Year + 50;

    static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt && (d *= 2) > 9) d -= 9;
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    // [0-9], not \d: \d also matches full-width and Arabic-Indic digits, which int.Parse refuses.
    [GeneratedRegex(@"^(?<month>[0-9]{1,2})\s*[/\-]?\s*(?<year>[0-9]{4}|[0-9]{2})$")]
    private static partial Regex ExpiryPattern();
}
