using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.TestClocks;

/// <summary>An advance held by an instance that is gone is free to claim at once (not when its lease would have ended); the
/// advancers are woken to resume it from the time the clock reached, which its row holds.</summary>
sealed class DeadInstanceClocks(TestClockSignal signal) : IReleasesDeadInstanceWork
{
    public async Task ReleaseAsync(CheckoutDb db, IReadOnlyList<string> deadInstanceIds, CancellationToken ct)
    {
        var released = await db.TestClocks.Where(c => c.LockedBy != null && deadInstanceIds.Contains(c.LockedBy))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.LockedBy, (string?)null).SetProperty(c => c.LockedUntil, (DateTime?)null), ct);
        if (released > 0) signal.WakeOnCommit(db);
    }
}
