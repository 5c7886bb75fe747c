using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Where buyers reach this server: the configured public base URL, else the first address
/// the server listens on (a wildcard host shown as localhost).</summary>
public sealed class PublicUrls(IOptions<OpenCheckoutOptions> options, IServer server)
{
    string? _base;

    public string Base => _base ??= Resolve();

    public string HostedPage(string sessionId) => $"{Base}/pay/c/{sessionId}";

    public string PaymentLink(string linkId) => $"{Base}/pay/l/{linkId}";

    public string HostedInvoice(string invoiceId) => $"{Base}/pay/i/{invoiceId}";

    string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)) return options.Value.PublicBaseUrl.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        return address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost")
            .Replace("://*", "://localhost").TrimEnd('/');
    }
}

static class Unix
{
    public static long Seconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    public static DateTime ToUtc(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
}
