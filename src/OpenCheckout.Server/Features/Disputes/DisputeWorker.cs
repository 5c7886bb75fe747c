using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>Opens scheduled disputes once their <c>opens_at</c> has passed, each with its <c>charge.dispute.created</c>
/// event in the same unit of work. Safe on several nodes: each takes due disputes no other node holds, and opening is a
/// conditional update, so a dispute is opened (and its event recorded) once, whoever runs it.</summary>
sealed class DisputeWorker(IServiceScopeFactory scopes, IUnitOfWork writes, EventLog events, TimeProvider clock,
    IOptions<OpenCheckoutOptions> options, ILogger<DisputeWorker> log) : BackgroundService
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
        while (await AnyDueAsync(ct))
        {
            var opened = await writes.RunAsync(OpenBatchAsync, ct);
            total += opened;
            if (opened < BatchSize) return total;
        }
        return total;
    }

    /// <summary>Most ticks find nothing due, and then write nothing.</summary>
    async Task<bool> AnyDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow().UtcDateTime;
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().Disputes.AnyAsync(d => d.OpenedAt == null && d.OpensAt <= now, ct);
    }

    async Task<int> OpenBatchAsync(CheckoutDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Disputes.Where(d => d.OpenedAt == null && d.OpensAt <= now)
            .OrderBy(d => d.OpensAt).Select(d => d.Id).Take(BatchSize).TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var opened = 0;
        foreach (var id in due)
        {
            var changed = await db.Disputes.Where(d => d.Id == id && d.OpenedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.OpenedAt, now), ct);
            if (changed == 0) continue;
            var dispute = await db.Disputes.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            events.Record(db, dispute.AccountId, dispute.TestMode, EventTypes.DisputeCreated, "dispute", dispute.ToWire(), WireJson.Default.Dispute);
            opened++;
        }
        return opened;
    }
}
