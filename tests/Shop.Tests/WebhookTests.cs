using System.Net;
using System.Text;
using OpenCheckout.Webhooks;

namespace Shop.Tests;

/// <summary>/webhooks: verified with the SDK's ConstructEvent, fulfilling through the same path as /success.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    readonly string _secret = WebhookSignature.NewSecret();
    CheckoutServer _server = null!;
    ShopApp _shop = null!;

    public Task InitializeAsync()
    {
        _server = new CheckoutServer();
        _shop = new ShopApp(_server.BaseAddress, _server.TestKey, _secret);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Webhook_SignedCompletedEvent_RecordsOrder_AndItsRedeliveryIsAlreadyProcessed()
    {
        var (sessionId, eventId, payload) = await PaidSessionAsync();
        using var http = _shop.Http();

        using var first = await http.SendAsync(SignedEvents.Delivery(eventId, payload, _secret));
        using var again = await http.SendAsync(SignedEvents.Delivery(eventId, payload, _secret));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var firstAnswer = await SignedEvents.ReadAnswerAsync(first);
        var againAnswer = await SignedEvents.ReadAnswerAsync(again);
        Assert.False(firstAnswer.GetProperty("already_processed").GetBoolean());
        Assert.True(againAnswer.GetProperty("already_processed").GetBoolean());
        Assert.Equal(firstAnswer.GetProperty("order_id").GetInt64(), againAnswer.GetProperty("order_id").GetInt64());
        Assert.Equal(1, await _shop.CountOrdersAsync(sessionId));
    }

    public enum Forgery { WrongSecret, TamperedBody, NoSignatureHeaders, StaleTimestamp }

    [Theory]
    [InlineData(Forgery.WrongSecret)]
    [InlineData(Forgery.TamperedBody)]
    [InlineData(Forgery.NoSignatureHeaders)]
    [InlineData(Forgery.StaleTimestamp)]
    public async Task Webhook_NotSignedWithTheSecret_Is400_AndRecordsNoOrder(Forgery forgery)
    {
        var (sessionId, eventId, payload) = await PaidSessionAsync();
        var request = forgery switch
        {
            Forgery.WrongSecret => SignedEvents.Delivery(eventId, payload, WebhookSignature.NewSecret()),
            Forgery.StaleTimestamp => SignedEvents.Delivery(eventId, payload, _secret, DateTimeOffset.UtcNow.AddMinutes(-10)),
            _ => SignedEvents.Delivery(eventId, payload, _secret),
        };
        if (forgery == Forgery.TamperedBody)
        {
            var tampered = payload.Replace("\"amount_total\":2000", "\"amount_total\":1");
            Assert.NotEqual(payload, tampered);
            request.Content = new StringContent(tampered, Encoding.UTF8, "application/json");
        }
        if (forgery == Forgery.NoSignatureHeaders)
            foreach (var name in (string[])["webhook-id", "webhook-timestamp", "webhook-signature"]) request.Headers.Remove(name);
        using var http = _shop.Http();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _shop.CountOrdersAsync(sessionId));
    }

    [Fact]
    public async Task Webhook_OfAnotherEventType_IsAcknowledgedAndIgnored()
    {
        var (sessionId, eventId, payload) = await PaidSessionAsync();
        var renamed = payload.Replace("\"checkout.session.completed\"", "\"checkout.session.expired\"");
        Assert.NotEqual(payload, renamed);
        using var http = _shop.Http();

        using var response = await http.SendAsync(SignedEvents.Delivery(eventId, renamed, _secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await SignedEvents.ReadAnswerAsync(response)).GetProperty("handled").GetBoolean());
        Assert.Equal(0, await _shop.CountOrdersAsync(sessionId));
    }

    [Fact]
    public async Task Webhook_WithNoSecretConfiguredOutsideDevelopment_Is503SoTheServerRetries()
    {
        var (sessionId, eventId, payload) = await PaidSessionAsync();
        await using var unconfigured = new ShopApp(_server.BaseAddress, _server.TestKey, webhookSecret: null, environment: "Production");
        using var http = unconfigured.Http();

        using var response = await http.SendAsync(SignedEvents.Delivery(eventId, payload, _secret));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, await unconfigured.CountOrdersAsync(sessionId));
    }

    async Task<(string SessionId, string EventId, string Payload)> PaidSessionAsync()
    {
        var (sessionId, _) = await _shop.BuyAsync();
        await SignedEvents.PayAsync(_server, sessionId);
        var (eventId, payload) = await SignedEvents.CompletedEventAsync(_server, sessionId);
        return (sessionId, eventId, payload);
    }
}
