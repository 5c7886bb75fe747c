using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Webhooks;

static class WebhooksSetup
{
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<IInterceptor, WebhookFanOut>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<IReleasesDeadInstanceWork, DeadInstanceDeliveries>();
        // Redirects are not followed (a 3xx is a failed attempt), and every connection passes the private-network guard.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = PrivateNetworkGuard.ConnectAsync,
            });
    }

    public static void MapWebhooksApi(this IEndpointRouteBuilder v1)
    {
        v1.MapWebhooks();
        v1.MapEventRetry();
    }
}
