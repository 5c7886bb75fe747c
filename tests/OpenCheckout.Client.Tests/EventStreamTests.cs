using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's event stream against the real server: events as they happen, typed and as JSON, filtered, resumed after an
/// event, and a refused stream as an exception. The stream outlives the client's per-attempt timeout.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    readonly ServerApp _app = new();
    OpenCheckoutClient _client = null!;

    public async Task InitializeAsync() => _client = await _app.CreateClientAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    async Task<string> PayNewSessionAsync()
    {
        var session = await _client.CreateSessionAsync((await _client.CreatePriceAsync(1500)).Id);
        await _client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        return session.Id;
    }

    [Fact]
    public async Task StreamAsync_YieldsEventsAsTheyHappen_FilteredAndResumable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var stream = _client.Events.StreamAsync(new EventStreamOptions { Types = [EventTypes.ChargeSucceeded, EventTypes.CheckoutSessionCompleted] },
            timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = stream.MoveNextAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the 1 s attempt timeout: it bounds the connect, not the stream

        var sessionId = await PayNewSessionAsync();

        Assert.True(await first);
        Assert.Equal(EventTypes.ChargeSucceeded, stream.Current.EventType);
        var charged = stream.Current.EventId;
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(EventTypes.CheckoutSessionCompleted, stream.Current.EventType);
        Assert.Equal(sessionId, stream.Current.CheckoutSession!.Id);

        // Resumed after the charge: the session's completion comes again, as the server stored it.
        await foreach (var json in _client.Events.StreamJsonAsync(new EventStreamOptions { LastEventId = charged }, timeout.Token))
        {
            var resumed = WebhookEvent.Parse(json);
            Assert.Equal(EventTypes.CheckoutSessionCompleted, resumed.EventType);
            Assert.Equal((await _client.Events.GetAsync(resumed.EventId)).EventId, resumed.EventId);
            break;
        }
    }

    [Fact]
    public async Task StreamAsync_Refused_ThrowsTheApiError()
    {
        var unknown = await Assert.ThrowsAsync<OpenCheckoutException>(async () =>
        {
            await foreach (var _ in _client.Events.StreamAsync(new EventStreamOptions { Types = ["charge.sucess"] })) { }
        });
        Assert.Equal((HttpStatusCode.BadRequest, "event_type_unknown", "types"), (unknown.StatusCode, unknown.Code, unknown.Param));

        var account = await _app.CreateAccountAsync("Live shop");
        using var live = new OpenCheckoutClient(account.LiveKey, _app.BaseUrl);
        var refused = await Assert.ThrowsAsync<OpenCheckoutException>(async () =>
        {
            await foreach (var _ in live.Events.StreamAsync()) { }
        });
        Assert.Equal((HttpStatusCode.BadRequest, "test_mode_only"), (refused.StatusCode, refused.Code));
    }
}
