using OpenCheckout.Client;

namespace Shop.Webhooks;

/// <summary>Development only, and only when <c>OpenCheckout:WebhookSecret</c> is empty: makes sure OpenCheckout has a
/// test-mode webhook endpoint for this shop's <c>/webhooks</c> and learns its secret, so `dotnet run` needs no setup.
/// An endpoint already registered for the same URL (by an earlier run) gets a new secret instead of a twin; its old
/// secret keeps signing for a day, so deliveries already queued still verify. Until the server answers (it may start
/// after the shop) this retries every few seconds, and <c>/webhooks</c> answers 503, which OpenCheckout retries too.</summary>
sealed class DevWebhookRegistration(IServiceProvider services, WebhookSecret secret, ShopUrls urls, IHostEnvironment environment,
    IHostApplicationLifetime lifetime, ILogger<DevWebhookRegistration> log) : BackgroundService
{
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);
    static readonly string[] Events =
        ["checkout.session.completed", "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!environment.IsDevelopment() || secret.Configured is not null) return;
        await StartedAsync(stoppingToken); // the listening address is known only now
        var url = ShopUrls.WebhookUrl(urls.Base());
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var (webhookId, signingSecret) = await RegisterAsync(scope.ServiceProvider.GetRequiredService<OpenCheckoutClient>(), url, stoppingToken);
                secret.Use(signingSecret);
                log.LogInformation("Registered {Url} as OpenCheckout webhook endpoint {WebhookId}; deliveries are verified with its secret. "
                    + "(Development convenience: set {Key} to use an endpoint you registered yourself.)", url, webhookId, WebhookSecret.ConfigurationKey);
                return;
            }
            catch (OpenCheckoutException e)
            {
                log.LogWarning("Could not register {Url} with OpenCheckout yet ({Message}); trying again in {Delay} s.",
                    url, e.Message, RetryDelay.TotalSeconds);
            }
            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    static async Task<(string WebhookId, string SigningSecret)> RegisterAsync(OpenCheckoutClient client, string url, CancellationToken ct)
    {
        await foreach (var endpoint in client.Webhooks.ListAutoPagingAsync(new() { Limit = 100 }, ct))
        {
            if (endpoint.Url != url) continue;
            if (endpoint.Status != "enabled" || !Events.All(endpoint.Events.Contains))
                await client.Webhooks.UpdateAsync(endpoint.WebhookId, new() { Status = "enabled", Events = Events }, ct: ct);
            var rotated = await client.Webhooks.RotateSecretAsync(endpoint.WebhookId, ct: ct);
            return (rotated.WebhookId, rotated.SigningSecret!);
        }
        var created = await client.Webhooks.CreateAsync(new(url, Events) { Description = "Sample shop (registered by the shop in Development)" }, ct: ct);
        return (created.WebhookId, created.SigningSecret!);
    }

    Task StartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        ct.Register(() => started.TrySetCanceled(ct));
        return started.Task;
    }
}
