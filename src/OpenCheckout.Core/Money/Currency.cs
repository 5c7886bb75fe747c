using System.Collections.Frozen;

namespace OpenCheckout.Money;

/// <summary>ISO 4217 currencies we accept, lowercase, with their minor-unit exponent.</summary>
public static class Currency
{
    public const string Default = "usd";

    // Zero- and three-decimal currencies are listed explicitly; every other accepted code has two.
    static readonly string[] ZeroDecimal =
        ["bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
    static readonly string[] ThreeDecimal = ["bhd", "iqd", "jod", "kwd", "lyd", "omr", "tnd"];
    static readonly string[] TwoDecimal =
    [
        "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt", "bgn", "bmd", "bnd",
        "bob", "brl", "bsd", "btn", "bwp", "byn", "bzd", "cad", "cdf", "chf", "cny", "cop", "crc", "cup", "cve", "czk",
        "dkk", "dop", "dzd", "egp", "ern", "etb", "eur", "fjd", "fkp", "gbp", "gel", "ghs", "gip", "gmd", "gtq", "gyd",
        "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "irr", "jmd", "kes", "kgs", "khr", "kpw", "kyd", "kzt", "lak",
        "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk", "mnt", "mop", "mru", "mur", "mvr", "mwk", "mxn",
        "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "pab", "pen", "pgk", "php", "pkr", "pln", "qar", "ron",
        "rsd", "rub", "sar", "sbd", "scr", "sdg", "sek", "sgd", "shp", "sle", "sos", "srd", "ssp", "stn", "syp", "szl",
        "thb", "tjs", "tmt", "top", "try", "ttd", "twd", "tzs", "uah", "usd", "uyu", "uzs", "ves", "wst", "xcd", "yer",
        "zar", "zmw", "zwl",
    ];

    static readonly FrozenDictionary<string, int> MinorUnits =
        ZeroDecimal.Select(c => KeyValuePair.Create(c, 0))
            .Concat(TwoDecimal.Select(c => KeyValuePair.Create(c, 2)))
            .Concat(ThreeDecimal.Select(c => KeyValuePair.Create(c, 3)))
            .ToFrozenDictionary();

    public static bool IsSupported(string code) => MinorUnits.ContainsKey(code);

    /// <summary>The currencies whose minor unit has <paramref name="exponent"/> decimal places (0, 2 or 3).</summary>
    public static IReadOnlyList<string> WithExponent(int exponent) => exponent switch
    {
        0 => ZeroDecimal,
        2 => TwoDecimal,
        3 => ThreeDecimal,
        _ => [],
    };

    /// <summary>Decimal places of the currency's minor unit (JPY 0, USD 2, KWD 3).</summary>
    public static int Exponent(string code) =>
        MinorUnits.TryGetValue(code, out var exponent) ? exponent : throw new ArgumentException($"Unsupported currency '{code}'.", nameof(code));

    /// <summary>Formats minor units for people: 12345 usd → "$123.45", 500 jpy → "¥500".</summary>
    public static string Format(long amount, string code)
    {
        var exponent = Exponent(code);
        var major = amount / Pow10(exponent);
        var minor = Math.Abs(amount % Pow10(exponent));
        var sign = amount < 0 ? "-" : "";
        var digits = exponent == 0
            ? Math.Abs(major).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : $"{Math.Abs(major).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}.{minor.ToString().PadLeft(exponent, '0')}";
        return Symbol(code) is { } symbol ? $"{sign}{symbol}{digits}" : $"{sign}{digits} {code.ToUpperInvariant()}";
    }

    static string? Symbol(string code) => code switch
    {
        "usd" => "$", "eur" => "€", "gbp" => "£", "jpy" => "¥", "inr" => "₹", "krw" => "₩",
        _ => null,
    };

    static long Pow10(int exponent) => exponent switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };
}
