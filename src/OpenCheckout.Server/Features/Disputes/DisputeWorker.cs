using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>Opens scheduled disputes once their <c>opens_at</c> has passed, each with its
/// <c>charge.dispute.created</c> event in the same transaction. Safe on several nodes: opening is a conditional
/// update, so a dispute is opened (and its event recorded) once, whoever runs it.</summary>
sealed class DisputeWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OpenCheckoutOptions> options,
    ILogger<DisputeWorker> log) : BackgroundService
{
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence runs on real time; what is due is decided by the injected clock (tests move it and call the sweep).
        using var timer = new PeriodicTimer(options.Value.Disputes.SweepInterval);
        do
        {
            try
            {
                var opened = await OpenDueAsync(stoppingToken);
                if (opened > 0) log.LogInformation("Opened {Count} disputes", opened);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Opening due disputes failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Opens every dispute due now; returns how many this call opened.</summary>
    public async Task<int> OpenDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var opened = await OpenBatchAsync(scope.ServiceProvider.GetRequiredService<CheckoutDb>(),
                scope.ServiceProvider.GetRequiredService<EventLog>(), ct);
            total += opened;
            if (opened < BatchSize) return total;
        }
    }

    async Task<int> OpenBatchAsync(CheckoutDb db, EventLog events, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Read before taking the write lock (each update below is conditional): most ticks find nothing due, and a
        // transaction held across awaits on a busy server stalls the group commit's writer.
        var due = await db.Disputes.Where(d => d.OpenedAt == null && d.OpensAt <= now)
            .OrderBy(d => d.OpensAt).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var opened = 0;
        foreach (var id in due)
        {
            var changed = await db.Disputes.Where(d => d.Id == id && d.OpenedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.OpenedAt, now), ct);
            if (changed == 0) continue;
            var dispute = await db.Disputes.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            await events.RecordAsync(dispute.AccountId, dispute.TestMode, EventTypes.DisputeCreated, "dispute", dispute.ToWire(),
                WireJson.Default.Dispute, ct);
            opened++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return opened;
    }
}
