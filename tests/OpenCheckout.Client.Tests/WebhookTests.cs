using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>Webhooks end to end: the SDK registers an endpoint, the server delivers real signed events to a real local
/// receiver, and <c>ConstructEvent</c> verifies exactly what arrived.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    sealed record Delivery(string Body, Dictionary<string, string> Headers);

    readonly ServerApp _app = new();
    readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    LocalHttpServer _receiver = null!;
    OpenCheckoutClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _app.CreateClientAsync();
        _receiver = await LocalHttpServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await _deliveries.Writer.WriteAsync(new Delivery(body, headers));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    async Task<Delivery> NextDeliveryAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _deliveries.Reader.ReadAsync(timeout.Token);
    }

    async Task<(Wire.WebhookEndpoint Webhook, Wire.CheckoutSession Session, Delivery Delivery)> PaidSessionDeliveredAsync()
    {
        var webhook = await _client.Webhooks.CreateAsync(new CreateWebhookRequest(_receiver.BaseUrl + "/webhooks", ["checkout.session.completed"]));
        var session = await _client.CreateSessionAsync((await _client.CreatePriceAsync()).PriceId);
        await _client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        return (webhook, session, await NextDeliveryAsync());
    }

    [Fact]
    public async Task ConstructEvent_AcceptsARealDelivery()
    {
        var (webhook, session, delivery) = await PaidSessionDeliveredAsync();

        var ev = _client.Webhooks.ConstructEvent(delivery.Body, delivery.Headers, webhook.SigningSecret!);

        Assert.Equal("checkout.session.completed", ev.EventType);
        Assert.Equal(delivery.Headers["webhook-id"], ev.EventId);
        Assert.True(ev.TestMode);
        Assert.Equal(session.Id, ev.CheckoutSession?.Id);
        Assert.Equal("complete", ev.CheckoutSession?.Status);
        Assert.Equal(Shop.SuccessUrl, ev.CheckoutSession?.SuccessUrl);
        // The same verification through a header lookup, as an ASP.NET Core handler would pass request.Headers.
        Assert.Equal(ev.EventId, _client.Webhooks.ConstructEvent(delivery.Body, name => delivery.Headers.GetValueOrDefault(name), webhook.SigningSecret!).EventId);

        var attempt = await RecordedAttemptAsync(webhook.WebhookId, ev.EventId);
        Assert.True(attempt.Succeeded);
        Assert.Equal(200, attempt.StatusCode);
    }

    /// <summary>The server records an attempt once the receiver has answered, which is after the receiver saw the body: wait for it.</summary>
    async Task<Wire.WebhookDeliveryAttempt> RecordedAttemptAsync(string webhookId, string eventId)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(50))
        {
            var attempts = (await _client.Webhooks.ListDeliveriesAsync(webhookId, new WebhookDeliveryListOptions { EventId = eventId })).Data;
            if (attempts.Count > 0) return Assert.Single(attempts);
            await Task.Delay(50);
        }
        throw new TimeoutException("No delivery attempt was recorded.");
    }

    [Fact]
    public async Task ConstructEvent_RejectsATamperedBody_AWrongSecret_AndAStaleTimestamp()
    {
        var (webhook, _, delivery) = await PaidSessionDeliveredAsync();
        var secret = webhook.SigningSecret!;

        var tampered = delivery.Body.Replace("\"amount_total\":2000", "\"amount_total\":1");
        Assert.NotEqual(delivery.Body, tampered);
        Assert.Throws<WebhookSignatureException>(() => _client.Webhooks.ConstructEvent(tampered, delivery.Headers, secret));
        Assert.Throws<WebhookSignatureException>(() => _client.Webhooks.ConstructEvent(delivery.Body, delivery.Headers, OpenCheckout.Webhooks.WebhookSignature.NewSecret()));
        var unsigned = delivery.Headers.Where(h => !h.Key.EndsWith("-signature", StringComparison.OrdinalIgnoreCase));
        Assert.Throws<WebhookSignatureException>(() => _client.Webhooks.ConstructEvent(delivery.Body, unsigned, secret));

        // Ten minutes later the same delivery is a replay: outside the default five-minute tolerance, inside an hour's.
        using var later = await _app.CreateClientAsync(o => o.TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10)));
        var stale = Assert.Throws<WebhookSignatureException>(() => later.Webhooks.ConstructEvent(delivery.Body, delivery.Headers, secret));
        Assert.Contains("tolerance", stale.Message);
        Assert.Equal("checkout.session.completed", later.Webhooks.ConstructEvent(delivery.Body, delivery.Headers, secret, TimeSpan.FromHours(1)).EventType);
    }

    [Fact]
    public async Task RotateSecret_ThenRetry_DeliveryVerifiesWithNewAndOldSecret()
    {
        var (webhook, _, first) = await PaidSessionDeliveredAsync();
        var eventId = first.Headers["webhook-id"];

        var rotated = await _client.Webhooks.RotateSecretAsync(webhook.WebhookId);
        Assert.NotNull(rotated.SigningSecret);
        Assert.NotEqual(webhook.SigningSecret, rotated.SigningSecret);
        Assert.Null((await _client.Webhooks.GetAsync(webhook.WebhookId)).SigningSecret);

        Assert.Equal(eventId, (await _client.Events.RetryAsync(eventId, webhook.WebhookId)).EventId);
        var again = await NextDeliveryAsync();
        Assert.Equal(eventId, _client.Webhooks.ConstructEvent(again.Body, again.Headers, rotated.SigningSecret!).EventId);
        Assert.Equal(eventId, _client.Webhooks.ConstructEvent(again.Body, again.Headers, webhook.SigningSecret!).EventId);
    }

    [Fact]
    public async Task Webhooks_UpdateListDelete()
    {
        var webhook = await _client.Webhooks.CreateAsync(new CreateWebhookRequest("https://shop.example/hooks", ["*"]) { Description = "all" });

        var disabled = await _client.Webhooks.UpdateAsync(webhook.WebhookId, new UpdateWebhookRequest { Status = "disabled" });
        Assert.Equal("disabled", disabled.Status);
        Assert.Equal("all", disabled.Description);
        Assert.Contains(_client.Webhooks.ListAutoPagingAsync().ToBlockingEnumerable(), w => w.WebhookId == webhook.WebhookId);

        Assert.Equal(webhook.WebhookId, (await _client.Webhooks.DeleteAsync(webhook.WebhookId)).WebhookId);
        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => _client.Webhooks.GetAsync(webhook.WebhookId));
        Assert.Equal("resource_missing", error.Code);
    }
}
