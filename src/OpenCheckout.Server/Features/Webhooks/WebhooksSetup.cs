using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Webhooks;

static class WebhooksSetup
{
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookFanOut>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookWorker>();
        if (builder.Configuration.GetValue<bool>($"{OpenCheckoutOptions.Section}:Telemetry:Enabled")) services.AddHostedService<OutboxGauges>();
        services.AddSingleton<IReleasesDeadInstanceWork, DeadInstanceDeliveries>();
        // Two clients, so that a connection pooled for a test-mode delivery to a local address never carries another delivery:
        // one reaches public addresses only (live mode, and test mode to public targets), the other what TestModeTargets allows.
        AddDeliveryClient(services, WebhookDispatcher.PublicClientName, _ => TestModeTargets.None);
        AddDeliveryClient(services, WebhookDispatcher.LocalClientName, options => options.Webhooks.TestModeTargets);
    }

    /// <summary>Redirects are not followed (a 3xx is a failed attempt), no proxy is used, and every connection passes the guard.</summary>
    static void AddDeliveryClient(IServiceCollection services, string name, Func<OpenCheckoutOptions, TestModeTargets> targets) =>
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = PrivateNetworkGuard.Connect(targets(provider.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value)),
            });

    public static void MapWebhooksApi(this IEndpointRouteBuilder v1)
    {
        v1.MapWebhooks();
        v1.MapEventRetry();
    }
}
