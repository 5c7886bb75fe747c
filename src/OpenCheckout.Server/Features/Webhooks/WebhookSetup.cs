namespace OpenCheckout.Server.Features.Webhooks;

static class WebhookSetup
{
    public static void AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WakeDispatcherOnCommit>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookWorker>();
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
}
