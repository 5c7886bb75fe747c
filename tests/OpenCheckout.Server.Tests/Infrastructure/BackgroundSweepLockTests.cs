using Microsoft.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>The expiry and dispute sweeps run every few seconds on every node. With nothing due they must not take
/// SQLite's write lock: on a busy server a transaction held across awaits stalls the group commit, and every create
/// waiting on it.</summary>
public sealed class BackgroundSweepLockTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public async Task InitializeAsync()
    {
        var merchant = await _app.CreateMerchantAsync();
        await merchant.CreateSessionAsync(await merchant.CreatePriceAsync()); // open, not yet due to expire
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SweepsWithNothingDue_FinishWhileAnotherConnectionHoldsTheWriteLock()
    {
        await using var other = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using var transaction = other.BeginTransaction(); // BEGIN IMMEDIATE: SQLite's write lock

        Assert.Equal(0, await _app.SweepExpiredAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, await _app.OpenDueDisputesAsync().WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
