namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>More deliveries due than <c>MaxConcurrency</c>: at most that many in flight, and the rest follow as soon
/// as slots free up, not at the next poll (set to an hour here so only wake-ups can drive the worker).</summary>
public abstract class DispatcherConcurrencyTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider, settings: new Dictionary<string, string?>
    {
        ["OpenCheckout:Webhooks:MaxConcurrency"] = "2",
        ["OpenCheckout:Webhooks:PollInterval"] = "01:00:00",
    });
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Busy Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Backlog_IsDeliveredByTheWorker_NeverMoreThanMaxConcurrencyAtOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var inFlight = 0;
        var mostInFlight = 0;
        receiver.Respond = async (_, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref inFlight);
            return Reply.Ok;
        };
        await _merchant.CreateWebhookAsync(receiver.Url(), ["*"]);

        await _merchant.CreatePaidSessionAsync(); // five events, one commit: one wake-up
        await receiver.WaitForAsync(5);

        Assert.Equal(5, receiver.Received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(2, mostInFlight);
    }

    [Fact]
    public async Task DeliverDue_SendsEverythingDue_EvenBeyondMaxConcurrency()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var calls = 0;
        receiver.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref calls) <= 9 ? new Reply(500) : Reply.Ok);
        await _merchant.CreateWebhookAsync(receiver.Url(), ["*"]);
        await _merchant.CreatePaidSessionAsync();
        await _merchant.CreatePaidSessionAsync();
        await receiver.WaitForAsync(9);
        await _app.DeliverDueAsync();

        // Nine retries fall due with no wake-up: only DeliverDueAsync sends them.
        _app.Clock.Advance(TimeSpan.FromSeconds(6));
        await _app.DeliverDueAsync();
        Assert.Equal(18, receiver.Received.Count);
    }

    static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current) current = seen;
    }
}

public sealed class DispatcherConcurrencyTestsOnSqlite() : DispatcherConcurrencyTests(DatabaseProvider.Sqlite);
public sealed class DispatcherConcurrencyTestsOnPostgres() : DispatcherConcurrencyTests(DatabaseProvider.Postgres);
