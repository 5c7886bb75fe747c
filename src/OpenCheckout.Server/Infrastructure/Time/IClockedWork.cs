using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Time;

/// <summary>Work that falls due at a time (a session's expiry, an authorization's lapse, a dispute's review): the real-time
/// workers do it for objects on no clock; advancing a test clock does it for that clock's objects, in time order. One
/// implementation per kind of work, registered as many; each reuses its worker's conditional updates, so whoever runs a
/// piece of work, and however often, it happens once.</summary>
public interface IClockedWork
{
    /// <summary>The earliest time after <paramref name="after"/> at which any of <paramref name="testClockId"/>'s objects has this
    /// work due, or null when none has. (What was due at <paramref name="after"/> or before has just been run.)</summary>
    Task<DateTime?> NextDueAsync(CheckoutDb db, string testClockId, DateTime after, CancellationToken ct);

    /// <summary>Inside a unit of work on <paramref name="db"/>: does one batch of the work due at <paramref name="now"/> (the
    /// clock's time) for <paramref name="testClockId"/>'s objects; returns how many it did (more may be left due).</summary>
    Task<int> RunDueAsync(CheckoutDb db, string testClockId, DateTimeOffset now, CancellationToken ct);
}
