using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>A test clock's disputes, opened and decided as the clock advances, at its time.</summary>
sealed class ClockedDisputes(DisputeSteps steps) : IClockedWork
{
    public async Task<DateTime?> NextDueAsync(CheckoutDb db, string testClockId, DateTime after, CancellationToken ct)
    {
        var disputes = db.Disputes.Where(d => d.TestClockId == testClockId);
        var opens = await disputes.Where(d => d.OpenedAt == null && d.OpensAt > after).MinAsync(d => (DateTime?)d.OpensAt, ct);
        var decides = await disputes.Where(d => d.DecidesAt != null && d.DecidesAt > after).MinAsync(d => d.DecidesAt, ct);
        return opens is null ? decides : decides is null || opens < decides ? opens : decides;
    }

    public async Task<int> RunDueAsync(CheckoutDb db, string testClockId, DateTimeOffset now, CancellationToken ct)
    {
        var disputes = db.Disputes.Where(d => d.TestClockId == testClockId);
        return await steps.OpenBatchAsync(db, disputes, now.UtcDateTime, ct) + await steps.DecideBatchAsync(db, disputes, now.UtcDateTime, ct);
    }
}
