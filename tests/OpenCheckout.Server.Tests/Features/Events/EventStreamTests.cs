using System.Net;
using System.Text.Json;
using OpenCheckout.Ids;
using OpenCheckout.Server.Tests.Features.Webhooks;

namespace OpenCheckout.Server.Tests.Features.Events;

/// <summary><c>GET /v1/events/stream</c>: a test-mode account's events as Server-Sent Events, live, each exactly as the events API
/// serves it; resumable with Last-Event-ID; filtered by type; never another account's; test keys only; a cap on open streams.</summary>
public abstract class EventStreamTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider, settings: new Dictionary<string, string?>
    {
        ["OpenCheckout:EventStream:MaxPerAccount"] = "2",
        ["OpenCheckout:EventStream:HeartbeatInterval"] = "00:00:01",
    });
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Stream Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<string> EventJsonAsync(string eventId)
    {
        using var api = _merchant.Api();
        var response = await api.GetAsync($"/v1/events/{eventId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("event").GetRawText();
    }

    [Fact]
    public async Task SessionCompleted_ArrivesLive_ExactlyAsTheEventsApiServesIt()
    {
        await _merchant.CreatePaidSessionAsync(); // before the stream: not sent
        await using var stream = await EventStreamReader.OpenAsync(_app, _merchant.TestKey);
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());

        var sessionId = await _merchant.CreatePaidSessionAsync();

        var received = await stream.UntilAsync("checkout.session.completed");
        Assert.Equal(["payment_intent.created", "payment_intent.succeeded", "charge.succeeded", "checkout.session.completed"],
            received.Select(e => e.Type));
        var completed = received[^1];
        Assert.Equal(await EventJsonAsync(completed.Id), completed.Data);
        var body = JsonDocument.Parse(completed.Data).RootElement;
        Assert.Equal(completed.Id, body.Str("event_id"));
        Assert.Equal(sessionId, body.GetProperty("object").GetProperty("checkout_session").Str("id"));
        Assert.Equal(received.Select(e => e.Id).Order(StringComparer.Ordinal), received.Select(e => e.Id));
    }

    [Fact]
    public async Task LastEventId_ReplaysTheEventsAfterIt_ThenContinuesLive()
    {
        await _merchant.CreatePaidSessionAsync();
        var recorded = (await _merchant.ListEventsAsync()).Select(e => e.Str("event_id")).Reverse().ToList(); // oldest first
        Assert.Equal(5, recorded.Count);

        await using (var byHeader = await EventStreamReader.OpenAsync(_app, _merchant.TestKey, lastEventId: recorded[1]))
        {
            var replayed = new List<string>();
            for (var i = 0; i < 3; i++) replayed.Add((await byHeader.NextAsync()).Id);
            Assert.Equal(recorded[2..], replayed);

            var sessionId = await _merchant.CreatePaidSessionAsync();
            var live = await byHeader.UntilAsync("checkout.session.completed");
            Assert.Equal("payment_intent.created", live[0].Type);
            Assert.Equal(sessionId, JsonDocument.Parse(live[^1].Data).RootElement.GetProperty("object").GetProperty("checkout_session").Str("id"));
        }

        // The query parameter does the same (an EventSource cannot set headers on its first request).
        await using var byQuery = await EventStreamReader.OpenAsync(_app, _merchant.TestKey, $"?last_event_id={recorded[3]}");
        Assert.Equal(recorded[4], (await byQuery.NextAsync()).Id);
    }

    [Fact]
    public async Task LastEventId_ReplaysNothingOlderThan24Hours()
    {
        await _merchant.CreatePaidSessionAsync();
        var first = (await _merchant.ListEventsAsync()).Select(e => e.Str("event_id")).Last();
        _app.Clock.Advance(TimeSpan.FromHours(23));
        var recent = await _merchant.CreatePaidSessionAsync();
        _app.Clock.Advance(TimeSpan.FromHours(2));

        await using var stream = await EventStreamReader.OpenAsync(_app, _merchant.TestKey, lastEventId: first);

        var replayed = await stream.UntilAsync("checkout.session.completed");
        Assert.Equal("payment_intent.created", replayed[0].Type);
        Assert.Equal(recent, JsonDocument.Parse(replayed[^1].Data).RootElement.GetProperty("object").GetProperty("checkout_session").Str("id"));
    }

    [Fact]
    public async Task TypesFilter_SendsOnlyThoseTypes()
    {
        await using var stream = await EventStreamReader.OpenAsync(_app, _merchant.TestKey, "?types=charge.succeeded,checkout.session.completed");

        await _merchant.CreatePaidSessionAsync();
        await _merchant.CreatePaidSessionAsync();

        var received = new List<StreamedEvent>();
        for (var i = 0; i < 4; i++) received.Add(await stream.NextAsync());
        Assert.Equal(["charge.succeeded", "checkout.session.completed", "charge.succeeded", "checkout.session.completed"], received.Select(e => e.Type));
    }

    [Fact]
    public async Task BadRequests_AreRefusedInTheContractsShape()
    {
        using var api = _merchant.Api();
        await ApiAssert.ErrorAsync(await EventStreamReader.RequestAsync(api, "?types=checkout.session.completed,charge.sucess"),
            HttpStatusCode.BadRequest, "invalid_request_error", "event_type_unknown", "types");
        await ApiAssert.ErrorAsync(await EventStreamReader.RequestAsync(api, lastEventId: ObjectId.New(ObjectId.Event, TestApp.Start)),
            HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", "last_event_id");
        await ApiAssert.ErrorAsync(await EventStreamReader.RequestAsync(api, "?last_event_id=nonsense"),
            HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", "last_event_id");

        using var live = _merchant.Api(live: true);
        var refused = await ApiAssert.ErrorAsync(await EventStreamReader.RequestAsync(live), HttpStatusCode.BadRequest, "invalid_request_error", "test_mode_only");
        Assert.Contains("test-mode keys only", refused.GetProperty("error").Str("message"));
    }

    [Fact]
    public async Task AnotherAccountsEvents_NeverAppear_NorCanItsEventIdBeResumedFrom()
    {
        var other = await _app.CreateMerchantAsync("Other Shop");
        await other.CreatePaidSessionAsync();
        var othersEvent = (await other.ListEventsAsync())[0].Str("event_id");
        using (var api = _merchant.Api())
            await ApiAssert.ErrorAsync(await EventStreamReader.RequestAsync(api, lastEventId: othersEvent),
                HttpStatusCode.BadRequest, "invalid_request_error", "resource_missing", "last_event_id");

        await using var stream = await EventStreamReader.OpenAsync(_app, _merchant.TestKey);
        await other.CreatePaidSessionAsync();
        var mine = await _merchant.CreatePaidSessionAsync();
        await other.CreatePaidSessionAsync();
        await _merchant.CreatePaidSessionAsync();

        var received = await stream.UntilAsync("checkout.session.completed");
        received.AddRange(await stream.UntilAsync("checkout.session.completed"));
        var own = (await _merchant.ListEventsAsync()).Select(e => e.Str("event_id")).ToHashSet();
        Assert.All(received, e => Assert.Contains(e.Id, own));
        Assert.Equal(mine, JsonDocument.Parse(received.First(e => e.Type == "checkout.session.completed").Data).RootElement.GetProperty("object").GetProperty("checkout_session").Str("id"));
    }

    [Fact]
    public async Task OpenStreams_AreCappedPerAccount_AndAClosedOneFreesItsPlace()
    {
        var first = await EventStreamReader.OpenAsync(_app, _merchant.TestKey);
        await using var second = await EventStreamReader.OpenAsync(_app, _merchant.TestKey);
        using var api = _merchant.Api();

        var refused = await EventStreamReader.RequestAsync(api);
        await ApiAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "too_many_event_streams");
        Assert.NotNull(refused.Headers.RetryAfter);
        var other = await _app.CreateMerchantAsync("Other Shop");
        await using (await EventStreamReader.OpenAsync(_app, other.TestKey)) { } // another account has its own places

        await first.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpResponseMessage again;
        while ((again = await EventStreamReader.RequestAsync(api)).StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        again.Dispose();
    }

    [Fact]
    public async Task QuietStream_SendsKeepAliveComments()
    {
        await using var stream = await EventStreamReader.OpenAsync(_app, _merchant.TestKey);

        Assert.Equal(": keep-alive", await stream.CommentAsync(TimeSpan.FromSeconds(10)));
    }
}

public sealed class EventStreamTestsOnSqlite() : EventStreamTests(DatabaseProvider.Sqlite);
public sealed class EventStreamTestsOnPostgres() : EventStreamTests(DatabaseProvider.Postgres);
