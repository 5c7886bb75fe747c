using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenCheckout.Client;
using OpenCheckout.Client.Http;

// The conventional namespace for registration helpers, so services.AddOpenCheckout needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class OpenCheckoutServiceCollectionExtensions
{
    /// <summary>The name of the IHttpClientFactory client the SDK uses.</summary>
    public const string HttpClientName = "OpenCheckout";

    /// <summary>Registers <see cref="OpenCheckoutClient"/> (transient, over a named IHttpClientFactory client with the SDK's
    /// retries). Returns the client's builder, to add your own handlers.</summary>
    public static IHttpClientBuilder AddOpenCheckout(this IServiceCollection services, Action<OpenCheckoutClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<OpenCheckoutClientOptions>().Configure(configure);
        var builder = services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler("opencheckout-retry", (pipeline, context) =>
            RetryPolicy.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<OpenCheckoutClientOptions>>().Value));
        // A factory, not ActivatorUtilities: no reflection, so it trims.
        services.TryAddTransient(sp => new OpenCheckoutClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<OpenCheckoutClientOptions>>().Value));
        return builder;
    }
}
