using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Deliveries claimed by an instance that is gone are due again at once (not when their lease would have ended),
/// and the dispatcher is woken to send them once that is committed.</summary>
sealed class DeadInstanceDeliveries(WebhookSignal signal) : IReleasesDeadInstanceWork
{
    public async Task ReleaseAsync(CheckoutDb db, IReadOnlyList<string> deadInstanceIds, CancellationToken ct)
    {
        var released = await db.WebhookDeliveries.Where(d => d.LockedBy != null && deadInstanceIds.Contains(d.LockedBy))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LockedUntil, (DateTime?)null).SetProperty(d => d.LockToken, (string?)null)
                .SetProperty(d => d.LockedBy, (string?)null), ct);
        if (released > 0) signal.WakeOnCommit(db);
    }
}
