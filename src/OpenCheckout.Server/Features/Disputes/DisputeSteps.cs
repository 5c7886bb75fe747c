using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>A dispute's timed steps, each a conditional update with its events in the caller's unit of work: opening a scheduled
/// dispute, and deciding a submitted one. <see cref="DisputeWorker"/> runs them in real time, <see cref="ClockedDisputes"/> on a
/// test clock's time.</summary>
public sealed class DisputeSteps(EventLog events)
{
    public const int BatchSize = 200;

    /// <summary>Inside a unit of work on <paramref name="db"/>: opens up to <see cref="BatchSize"/> of <paramref name="scope"/>
    /// (a query on the same context) that are due at <paramref name="now"/>; returns how many it opened.</summary>
    public async Task<int> OpenBatchAsync(CheckoutDb db, IQueryable<Dispute> scope, DateTime now, CancellationToken ct)
    {
        var due = await scope.Where(d => d.OpenedAt == null && d.OpensAt <= now)
            .OrderBy(d => d.OpensAt).Select(d => d.Id).Take(BatchSize).TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var opened = 0;
        foreach (var id in due)
        {
            var changed = await db.Disputes.Where(d => d.Id == id && d.OpenedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.OpenedAt, now), ct);
            if (changed == 0) continue;
            var dispute = await db.Disputes.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            Record(db, dispute, EventTypes.DisputeCreated);
            Record(db, dispute, EventTypes.DisputeFundsWithdrawn);
            opened++;
        }
        return opened;
    }

    /// <summary>Evidence cannot change once submitted, so the outcome read before the update is the one the update makes.</summary>
    public async Task<int> DecideBatchAsync(CheckoutDb db, IQueryable<Dispute> scope, DateTime now, CancellationToken ct)
    {
        var due = await scope.Where(d => d.DecidesAt != null && d.DecidesAt <= now)
            .OrderBy(d => d.DecidesAt).Select(d => d.Id).Take(BatchSize).TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var taken = 0;
        foreach (var id in due)
        {
            var evidence = await db.Disputes.AsNoTracking().Where(d => d.Id == id).Select(d => d.Evidence).FirstAsync(ct);
            var outcome = DisputeEvidenceText.Outcome(evidence);
            var changed = await db.Disputes.Where(d => d.Id == id && d.DecidesAt != null && d.Status == DisputeStatus.UnderReview)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, outcome ?? DisputeStatus.UnderReview).SetProperty(d => d.DecidesAt, (DateTime?)null), ct);
            if (changed == 0) continue;
            taken++;
            if (outcome is null) continue;
            var dispute = await db.Disputes.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            Record(db, dispute, EventTypes.DisputeClosed);
            if (outcome == DisputeStatus.Won) Record(db, dispute, EventTypes.DisputeFundsReinstated);
        }
        return taken;
    }

    void Record(CheckoutDb db, Dispute dispute, string type) =>
        events.Record(db, dispute.AccountId, dispute.TestMode, type, "dispute", dispute.ToWire(), WireJson.Default.Dispute);
}
