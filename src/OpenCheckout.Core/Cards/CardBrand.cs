namespace OpenCheckout.Cards;

public static class CardBrand
{
    public const string Visa = "visa";
    public const string Mastercard = "mastercard";
    public const string Amex = "amex";
    public const string Discover = "discover";
    public const string Diners = "diners";
    public const string Jcb = "jcb";
    public const string UnionPay = "unionpay";
    public const string Unknown = "unknown";

    public static string Of(string digits)
    {
        static int Prefix(string d, int n) => d.Length >= n ? int.Parse(d[..n]) : -1;
        var two = Prefix(digits, 2);
        var four = Prefix(digits, 4);
        if (digits.StartsWith('4')) return Visa;
        if (two is >= 51 and <= 55 || four is >= 2221 and <= 2720) return Mastercard;
        if (two is 34 or 37) return Amex;
        if (four == 6011 || two == 65 || Prefix(digits, 3) is >= 644 and <= 649) return Discover;
        if (two is 36 or 38 or 39 || Prefix(digits, 3) is >= 300 and <= 305) return Diners;
        if (four is >= 3528 and <= 3589) return Jcb;
        if (two == 62) return UnionPay;
        return Unknown;
    }
}
