using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>Opens scheduled disputes once their <c>opens_at</c> has passed, each with its <c>charge.dispute.created</c> and
/// <c>charge.dispute.funds_withdrawn</c> events in the same unit of work; and decides submitted test disputes once their
/// review delay has passed (<see cref="DisputeEvidenceText.Outcome"/>), with <c>charge.dispute.closed</c> (and, when won,
/// <c>charge.dispute.funds_reinstated</c>). Safe on several nodes: each takes due disputes no other node holds, and each
/// step is a conditional update, so a dispute is opened or decided (and its events recorded) once, whoever runs it.</summary>
sealed class DisputeWorker(IServiceScopeFactory scopes, IUnitOfWork writes, DisputeSteps steps, TimeProvider clock,
    IOptions<OpenCheckoutOptions> options, ILogger<DisputeWorker> log) : BackgroundService
{
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
                var decided = await DecideDueAsync(stoppingToken);
                if (decided > 0) log.LogInformation("Decided {Count} disputes", decided);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Opening or deciding due disputes failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Opens every dispute due now; returns how many this call opened.</summary>
    public Task<int> OpenDueAsync(CancellationToken ct) =>
        RunDueAsync(d => d.OpenedAt == null && d.OpensAt <= clock.GetUtcNow().UtcDateTime && d.TestClockId == null, OpenBatchAsync, ct);

    /// <summary>Decides every submitted dispute due now; returns how many this call took (decided, or left under review when
    /// its evidence names no outcome).</summary>
    public Task<int> DecideDueAsync(CancellationToken ct) =>
        RunDueAsync(d => d.DecidesAt != null && d.DecidesAt <= clock.GetUtcNow().UtcDateTime && d.TestClockId == null, DecideBatchAsync, ct);

    async Task<int> RunDueAsync(Expression<Func<Dispute, bool>> due, Func<CheckoutDb, CancellationToken, Task<int>> batch,
        CancellationToken ct)
    {
        var total = 0;
        while (await AnyDueAsync(due, ct))
        {
            var done = await writes.RunAsync(batch, ct);
            total += done;
            if (done < DisputeSteps.BatchSize) return total;
        }
        return total;
    }

    /// <summary>Most ticks find nothing due, and then write nothing.</summary>
    async Task<bool> AnyDueAsync(Expression<Func<Dispute, bool>> due, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().Disputes.AnyAsync(due, ct);
    }

    // Disputes on a test clock open and are decided on its time, as it advances (ClockedDisputes), never here.
    Task<int> OpenBatchAsync(CheckoutDb db, CancellationToken ct) =>
        steps.OpenBatchAsync(db, db.Disputes.Where(d => d.TestClockId == null), clock.GetUtcNow().UtcDateTime, ct);

    Task<int> DecideBatchAsync(CheckoutDb db, CancellationToken ct) =>
        steps.DecideBatchAsync(db, db.Disputes.Where(d => d.TestClockId == null), clock.GetUtcNow().UtcDateTime, ct);
}
