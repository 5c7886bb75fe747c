using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.TestClocks;
using OpenCheckout.Server.Tests.Features.Refunds;
using OpenCheckout.Testing;

namespace OpenCheckout.Server.Tests.Features.TestClocks;

/// <summary>Two nodes on one PostgreSQL database: an advance requested through one node is woken on both (LISTEN/NOTIFY), and
/// both advancers — plus the test, calling each at once — race to claim it. One holds it at a time, and every session it
/// expires does so once, with one event.</summary>
public sealed class TestClockTwoNodeTests : IAsyncLifetime
{
    readonly TestDatabase _database = TestApp.NewDatabase(DatabaseProvider.Postgres);
    TestApp _a = null!, _b = null!;
    TestMerchant _onA = null!;

    public async Task InitializeAsync()
    {
        _a = new TestApp(_database, settings: new Dictionary<string, string?> { ["OpenCheckout:Node:Name"] = "node-a" });
        _b = new TestApp(_database, settings: new Dictionary<string, string?> { ["OpenCheckout:Node:Name"] = "node-b" });
        _onA = await _a.CreateMerchantAsync("Two-node clock shop");
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DropAsync();
    }

    [Fact]
    public async Task TwoNodesAdvancingOneClock_ExpireEachSessionOnce()
    {
        var start = TestApp.Start.AddDays(-3);
        var clockId = (await Clocks.CreateAsync(_onA, start)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_onA, clockId);
        var price = await _onA.CreatePriceAsync(500);
        var sessions = new List<string>();
        for (var i = 1; i <= 12; i++)
            sessions.Add((await Clocks.SessionAsync(_onA, price, customerId, expiresAt: start.AddMinutes(i % 4 + 1))).Id());

        var onB = _onA with { App = _b };
        var advanced = await Clocks.AdvanceAsync(onB, clockId, start.AddHours(2));
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        var advancers = new[] { _a, _b, _a, _b }.Select(app => app.Services.GetRequiredService<TestClockAdvancer>());
        await Task.WhenAll(advancers.Select(advancer => Task.Run(() => advancer.AdvanceNextAsync(CancellationToken.None))));

        var ready = await Clocks.WaitReadyAsync(_onA, clockId);
        Assert.Equal(start.AddHours(2).ToUnixTimeSeconds(), ready.GetProperty("frozen_time").GetInt64());
        var expired = await Paid.EventsAsync(_onA, "checkout.session.expired");
        Assert.Equal(sessions.Order(), expired.Select(e => e.GetProperty("object").GetProperty("checkout_session").Id()).Order());
        foreach (var id in sessions) Assert.Equal("expired", (await onB.GetSessionAsync(id)).Status());
    }
}
