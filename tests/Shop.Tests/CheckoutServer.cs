using System.Security.Cryptography;
using OpenCheckout.Client;
using OpenCheckout.Testing;

namespace Shop.Tests;

/// <summary>The real OpenCheckout server on Kestrel (a free port on 127.0.0.1) with its own SQLite file, on the system
/// clock (webhook timestamps are checked against the shop's). Its first merchant gets a test key fixed by
/// <c>OpenCheckout:Bootstrap:TestKey</c>, as the README's command does.</summary>
public sealed class CheckoutServer : KestrelServerFactory
{
    const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public CheckoutServer() : this("fsk_test_" + RandomNumberGenerator.GetString(Base62, 44))
    {
    }

    CheckoutServer(string testKey)
        : base(TempFile("opencheckout.db"), settings: new Dictionary<string, string?> { ["OpenCheckout:Bootstrap:TestKey"] = testKey }) =>
        TestKey = testKey;

    public string TestKey { get; }

    /// <summary>The SDK, as a merchant's own scripts would use it. Dispose it.</summary>
    public OpenCheckoutClient Client() => new(TestKey, BaseAddress.ToString());

    public static string TempFile(string name) => Path.Combine(Path.GetTempPath(), "opencheckout-shop-tests", Guid.NewGuid().ToString("N"), name);
}
