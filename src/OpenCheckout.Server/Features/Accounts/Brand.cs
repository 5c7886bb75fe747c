using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>The rules of an account's public look: name and support email limits, the brand colour (exactly
/// <c>#rrggbb</c>, never anything a stylesheet could read as more), the text colour on it (black or white, whichever
/// contrasts more: at least 4.5:1 whatever the colour), the stylesheet the hosted page links, and the logo's formats,
/// recognised by their first bytes.</summary>
public static partial class Brand
{
    public const int NameLength = 200;
    /// <summary>The longest address SMTP carries (RFC 5321's path limit less its brackets).</summary>
    public const int SupportEmailLength = 254;
    public const int MaxLogoBytes = 512 * 1024;
    public const int VersionLength = 16;

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();

    public static bool IsColor(string? value) => value is not null && ColorPattern().IsMatch(value);

    /// <summary>WCAG 2's relative luminance of a <c>#rrggbb</c> colour.</summary>
    public static double Luminance(string color)
    {
        static double Channel(string hex)
        {
            var c = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(color[1..3]) + 0.7152 * Channel(color[3..5]) + 0.0722 * Channel(color[5..7]);
    }

    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>Black or white, whichever contrasts more with <paramref name="background"/>: the better of the two is never
    /// below 4.58:1, so text on any brand colour meets WCAG AA's 4.5:1.</summary>
    public static string TextOn(string background) => Contrast(background, "#000000") >= Contrast(background, "#ffffff") ? "#000000" : "#ffffff";

    /// <summary>The hosted page's brand stylesheet for <paramref name="color"/> (checked by <see cref="IsColor"/> first, so
    /// nothing but six hex digits reaches it). <c>.brand-preview</c> is the dashboard's sample button.</summary>
    public static string Stylesheet(string color)
    {
        color = color.ToLowerInvariant();
        if (!IsColor(color)) throw new ArgumentException("Not a #rrggbb colour.", nameof(color));
        var text = TextOn(color);
        return $$"""
            /* Brand colour {{color}}; text {{text}} on it ({{Contrast(color, text).ToString("0.0", CultureInfo.InvariantCulture)}}:1). */
            button.pay, .brand-preview { background-color: {{color}}; color: {{text}}; }
            .masthead { border-bottom: .25rem solid {{color}}; margin-bottom: 1rem; }

            """;
    }

    /// <summary>A short content hash for versioned URLs.</summary>
    public static string Version(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content))[..VersionLength];

    public static string StylesheetVersion(string color) => Version(Encoding.UTF8.GetBytes(Stylesheet(color)));

    public static string StylesheetPath(string accountId, string color) => $"/pay/brand/{accountId}/{StylesheetVersion(color)}.css";

    public static string LogoPath(string accountId, string version) => $"/pay/brand/{accountId}/logo/{version}";

    /// <summary>The content type of a PNG, JPEG or WebP image, by its first bytes; null for anything else (SVG included,
    /// whatever its name or declared type says).</summary>
    public static string? SniffImage(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (data.Length >= 16 && data.StartsWith("RIFF"u8) && data[8..].StartsWith("WEBPVP8"u8)) return "image/webp";
        return null;
    }
}
