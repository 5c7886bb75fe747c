namespace OpenCheckout.Server;

/// <summary>Everything configurable, bound from the "OpenCheckout" section: appsettings.json or
/// environment variables such as <c>OpenCheckout__Database__Path</c>. Documented in docs/configuration.md.</summary>
public sealed class OpenCheckoutOptions
{
    public const string Section = "OpenCheckout";

    /// <summary>Where buyers reach the hosted page, e.g. https://pay.example.com. Empty: the address the server listens on.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Larger request bodies are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public DatabaseOptions Database { get; set; } = new();
    public SessionOptions Sessions { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();

    public sealed class DatabaseOptions
    {
        /// <summary>SQLite file, relative to the directory the server is started from.</summary>
        public string Path { get; set; } = "data/opencheckout.db";
    }

    public sealed class SessionOptions
    {
        public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(24);
        public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>Keys for the default merchant created on first start. Empty: random keys, printed once.
    /// Setting them suits scripted local setups (a sample shop, CI); never set them in production.</summary>
    public sealed class BootstrapOptions
    {
        public string MerchantName { get; set; } = "Default merchant";
        public string? TestKey { get; set; }
        public string? LiveKey { get; set; }
    }
}
