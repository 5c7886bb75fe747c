using System.Diagnostics;
using OpenCheckout.Server.Tests.Features.Webhooks;
using OpenCheckout.Testing;

namespace OpenCheckout.Server.Tests.Features.Events;

/// <summary>Two nodes on one PostgreSQL database (as <see cref="Hosting.TwoNodeTests"/>): a stream open on node A carries the events
/// written through node B, woken by B's commit signal (LISTEN/NOTIFY) — A's poll is set to a minute, so only the signal can
/// bring them in time.</summary>
public sealed class EventStreamTwoNodeTests : IAsyncLifetime
{
    readonly TestDatabase _database = TestApp.NewDatabase(DatabaseProvider.Postgres);
    TestApp _a = null!, _b = null!;
    TestMerchant _onA = null!, _onB = null!;

    public async Task InitializeAsync()
    {
        _a = new TestApp(_database, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:Node:Name"] = "node-a",
            ["OpenCheckout:EventStream:PollInterval"] = "00:01:00",
        });
        _b = new TestApp(_database, settings: new Dictionary<string, string?> { ["OpenCheckout:Node:Name"] = "node-b" });
        _onA = await _a.CreateMerchantAsync("Two-node stream shop");
        _onB = _onA with { App = _b };
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DropAsync();
    }

    [Fact]
    public async Task StreamOnNodeA_CarriesEventsWrittenThroughNodeB()
    {
        await using var stream = await EventStreamReader.OpenAsync(_a, _onA.TestKey);

        var sessionId = await _onB.CreatePaidSessionAsync();
        var clock = Stopwatch.StartNew();
        var received = await stream.UntilAsync("checkout.session.completed", TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The events took {clock.Elapsed.TotalSeconds:0.0} s to reach node A's stream.");
        Assert.Equal(["payment_intent.created", "customer.created", "payment_intent.succeeded", "charge.succeeded", "checkout.session.completed"],
            received.Select(e => e.Type));
        Assert.Contains(sessionId, received[^1].Data);
    }
}
