using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Shop;

/// <summary>The shop's own absolute URLs, which OpenCheckout sends buyers and webhooks to.</summary>
public sealed class ShopUrls(IOptions<ShopOptions> options, IServer server)
{
    /// <summary>For a buyer's request: the configured public URL, or the address this request came to.</summary>
    public Uri Base(HttpRequest request) =>
        Configured ?? new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/");

    /// <summary>Without a request (at start): the configured public URL, or the first address the shop listens on, a
    /// wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) shown as <c>localhost</c>.</summary>
    public Uri Base()
    {
        if (Configured is { } configured) return configured;
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The shop is not listening yet.");
        var builder = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (builder.Host is "0.0.0.0" or "[::]" or "::") builder.Host = "localhost";
        builder.Path = builder.Path.TrimEnd('/') + "/";
        return builder.Uri;
    }

    Uri? Configured => options.Value.PublicUrl is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null;

    public static string SuccessUrl(Uri shop) => new Uri(shop, "success").AbsoluteUri + "?session_id={CHECKOUT_SESSION_ID}";

    public static string CancelUrl(Uri shop) => new Uri(shop, "cancel").AbsoluteUri;

    public static string WebhookUrl(Uri shop) => new Uri(shop, "webhooks").AbsoluteUri;
}
