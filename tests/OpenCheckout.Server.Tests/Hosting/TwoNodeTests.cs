using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Testing;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary>Two nodes in one test process on one PostgreSQL database: what one node changes, the other sees at once —
/// through the database itself, and through the signals nodes send each other with their commits (LISTEN/NOTIFY).</summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    readonly TestDatabase _database = TestApp.NewDatabase(DatabaseProvider.Postgres);
    TestApp _a = null!, _b = null!;
    TestMerchant _onA = null!, _onB = null!;

    public async Task InitializeAsync()
    {
        _a = Node("node-a");
        _b = Node("node-b");
        _onA = await _a.CreateMerchantAsync("Two-node shop");
        _onB = _onA with { App = _b };
    }

    TestApp Node(string name) => new(_database, settings: new Dictionary<string, string?> { ["OpenCheckout:Node:Name"] = name });

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DropAsync();
    }

    [Fact]
    public async Task PriceDeactivatedOnOneNode_IsRefusedByTheOtherWithinOneSecond()
    {
        var price = await _onA.CreatePriceAsync(2000);
        await _onB.CreateSessionAsync(price); // node B now remembers the price
        using var onA = _onA.Api();
        (await onA.PostAsync($"/v1/prices/{price}", Json.Body("""{"active":false}"""))).EnsureSuccessStatusCode();

        var clock = Stopwatch.StartNew();
        using var onB = _onB.Api();
        HttpResponseMessage create;
        do create = await onB.PostJsonAsync("/v1/checkout/sessions", $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}]}""");
        while (create.StatusCode == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(3));

        await ApiAssert.ErrorAsync(create, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"node B refused the price after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task KeyRevokedOnOneNode_IsRefusedByTheOtherWithinOneSecond()
    {
        using var onB = _onB.Api();
        (await onB.GetAsync("/v1/products")).EnsureSuccessStatusCode(); // node B now remembers the key
        await using (var scope = _a.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<AccountStore>()
                .RevokeKeyAsync(_onA.AccountId, ApiKeys.Parse(_onA.TestKey)!.Value.LookupId));

        var clock = Stopwatch.StartNew();
        HttpResponseMessage answer;
        do answer = await onB.GetAsync("/v1/products");
        while (answer.StatusCode == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(3));

        await ApiAssert.ErrorAsync(answer, HttpStatusCode.Unauthorized, "authentication_error", "api_key_invalid");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"node B refused the key after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task PaymentsOfOneSession_SpreadOverBothNodes_PayItOnce()
    {
        var session = (await _onA.CreateSessionAsync(await _onA.CreatePriceAsync(2000))).Id();

        var pays = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? _onA : _onB).PayWithTestHelperAsync(session)));

        Assert.Single(pays, p => p.StatusCode == HttpStatusCode.OK);
        Assert.All(pays.Where(p => p.StatusCode != HttpStatusCode.OK), p => Assert.Equal(HttpStatusCode.Conflict, p.StatusCode));
        Assert.Single(await _onB.PaymentIntentsOfAsync(session));
    }

    [Fact]
    public async Task SameKeyOnBothNodes_CreatesOneSession()
    {
        var price = await _onA.CreatePriceAsync(2000);
        var body = $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}]}""";
        using var onA = _onA.Api();
        using var onB = _onB.Api();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? onA : onB).PostJsonAsync("/v1/checkout/sessions", body, "order-77")));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Single(answers.Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => a.Content.ReadAsStringAsync().Result).Distinct());
        Assert.Single(await _onA.SessionsAsync());
    }

    [Fact]
    public async Task SameKeyOnTheOtherNode_WhileTheFirstRunIsStillGoing_Is409_ThenReplays()
    {
        var price = await _onA.CreatePriceAsync(2000);
        var body = $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}]}""";
        using var onA = _onA.Api();
        using var onB = _onB.Api();
        var held = await _database.HoldWritesAsync("CheckoutSessions");
        var first = onA.PostJsonAsync("/v1/checkout/sessions", body, "order-78");
        await Task.Delay(300); // node A's run holds the key, waiting for the table

        var whileRunning = await onB.PostJsonAsync("/v1/checkout/sessions", body, "order-78");
        await ApiAssert.ErrorAsync(whileRunning, HttpStatusCode.Conflict, "idempotency_error", "idempotency_key_in_use");
        await held.DisposeAsync();
        var answer = await first;
        var afterwards = await onB.PostJsonAsync("/v1/checkout/sessions", body, "order-78");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(await answer.Content.ReadAsByteArrayAsync(), await afterwards.Content.ReadAsByteArrayAsync());
        Assert.Equal(["true"], afterwards.Headers.GetValues("Idempotent-Replayed"));
        Assert.Single(await _onA.SessionsAsync());
    }
}
