using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenCheckout.Webhooks;

/// <summary>Standard Webhooks (Svix) signing: <c>v1,</c> + base64 HMAC-SHA256 over <c>"{id}.{timestamp}.{body}"</c>,
/// keyed with the base64-decoded part of the secret after its prefix (<c>fwhsec_</c>, or <c>whsec_</c> as other
/// senders write it). Headers come as <c>webhook-id/-timestamp/-signature</c> or the same under <c>svix-</c>.</summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "fwhsec_";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A new secret: the prefix and 24 random bytes in standard base64 (which has no '_', so clients
    /// that split the secret on '_' find the key).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, string secret) => Sign(id, timestamp, body, KeyOf(secret));

    /// <summary>The <c>webhook-signature</c> header value: one signature per secret, space-separated
    /// (during a rotation both the new and the old secret sign).</summary>
    public static string Header(string id, long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets) signatures.Add(Sign(id, timestamp, body, secret));
        return string.Join(' ', signatures);
    }

    /// <summary>True when the headers carry a valid signature of <paramref name="payload"/> by <paramref name="secret"/>
    /// and the timestamp is within <paramref name="tolerance"/> of now. <paramref name="header"/> looks a header up by
    /// name, e.g. <c>name => request.Headers[name]</c>.</summary>
    public static bool Verify(string payload, Func<string, string?> header, string secret, TimeSpan tolerance, DateTimeOffset? now = null) =>
        Verify(Encoding.UTF8.GetBytes(payload), header, secret, tolerance, now) is null;

    public static bool Verify(string payload, IReadOnlyDictionary<string, string> headers, string secret, TimeSpan tolerance, DateTimeOffset? now = null)
    {
        var insensitive = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        return Verify(payload, name => insensitive.GetValueOrDefault(name), secret, tolerance, now);
    }

    /// <summary>Null when valid, else why not (for logs and exception messages).</summary>
    public static string? Verify(ReadOnlySpan<byte> payload, Func<string, string?> header, string secret, TimeSpan tolerance, DateTimeOffset? now = null)
    {
        var id = Header(header, "id");
        var timestampText = Header(header, "timestamp");
        var signatures = Header(header, "signature");
        if (id is null || timestampText is null || signatures is null) return "Missing webhook-id, webhook-timestamp or webhook-signature header.";
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return "Malformed webhook-timestamp.";
        var age = (now ?? DateTimeOffset.UtcNow) - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, 253402300799));
        if (age.Duration() > tolerance) return "The webhook-timestamp is outside the tolerance.";

        byte[] key;
        try
        {
            key = KeyOf(secret);
        }
        catch (FormatException)
        {
            return "The secret is not a valid signing secret.";
        }
        var expected = Encoding.ASCII.GetBytes(Sign(id, timestamp, payload, key));
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected)) return null;
        return "No signature matches.";
    }

    static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, byte[] key)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    static string? Header(Func<string, string?> header, string name) =>
        NullIfEmpty(header("webhook-" + name)) ?? NullIfEmpty(header("svix-" + name));

    static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The HMAC key: the base64 text after the secret's last '_' (<c>fwhsec_</c>, <c>whsec_</c>), or the whole
    /// secret when it has no prefix.</summary>
    static byte[] KeyOf(string secret) => Convert.FromBase64String(secret[(secret.LastIndexOf('_') + 1)..]);
}
