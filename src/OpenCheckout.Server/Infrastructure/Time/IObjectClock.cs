using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Time;

/// <summary>What time it is for an object: real time, or the frozen time of the test clock it hangs off. Features ask this
/// (not <see cref="TimeProvider"/>) wherever a clocked object's status or deadline is judged; Features/TestClocks answers.</summary>
public interface IObjectClock
{
    /// <summary>The time of test clock <paramref name="testClockId"/>, or real time when it is null (or the clock is gone).
    /// <paramref name="db"/>: the unit of work's context when called inside one, so the read sees what it sees.</summary>
    ValueTask<DateTimeOffset> NowAsync(CheckoutDb db, string? testClockId, CancellationToken ct);

    /// <summary>The same, read outside any unit of work.</summary>
    ValueTask<DateTimeOffset> NowAsync(string? testClockId, CancellationToken ct);

    /// <summary>The frozen time of the merchant's test clock <paramref name="testClockId"/>; null when the merchant (account and
    /// mode) has no such clock.</summary>
    Task<DateTimeOffset?> FindAsync(CheckoutDb db, Merchant merchant, string testClockId, CancellationToken ct);
}
