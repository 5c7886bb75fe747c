using System.Security.Cryptography;
using System.Text;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Key format: <c>fsk_test_</c> or <c>fsk_</c>, then a 12-character lookup id and a 32-character
/// secret (base62, ~190 random bits in all). Only the lookup id and a SHA-256 hash are stored.</summary>
public static class ApiKeys
{
    public const string TestPrefix = "fsk_test_";
    public const string LivePrefix = "fsk_";
    const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const int LookupLength = 12;
    const int SecretLength = 32;

    public static string Generate(bool testMode) =>
        (testMode ? TestPrefix : LivePrefix) + RandomNumberGenerator.GetString(Alphabet, LookupLength + SecretLength);

    /// <summary>Splits a presented key into its mode and lookup id; null when it cannot be one of ours.</summary>
    public static (bool TestMode, string LookupId)? Parse(string key)
    {
        var testMode = key.StartsWith(TestPrefix, StringComparison.Ordinal);
        var prefix = testMode ? TestPrefix : LivePrefix;
        if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length != prefix.Length + LookupLength + SecretLength) return null;
        foreach (var c in key.AsSpan(prefix.Length))
            if (!char.IsAsciiLetterOrDigit(c)) return null;
        return (testMode, key.Substring(prefix.Length, LookupLength));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    public static ApiKey ToStored(string key, string accountId, DateTime now)
    {
        var (testMode, lookupId) = Parse(key) ?? throw new ArgumentException("Not an OpenCheckout secret key.", nameof(key));
        return new ApiKey { Id = lookupId, AccountId = accountId, TestMode = testMode, SecretHash = Hash(key), Last4 = key[^4..], CreatedAt = now };
    }
}
