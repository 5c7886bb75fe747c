using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Deletes idempotency records once they are past the contract's 24 hours (kept a little longer, so a
/// client retrying right at the deadline still gets its replay).</summary>
sealed class IdempotencyCleanupWorker(IUnitOfWork writes, TimeProvider clock, ILogger<IdempotencyCleanupWorker> log) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(25);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence runs on real time; what is due is decided by the injected clock (tests move it and call the sweep).
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        do
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Idempotency cleanup failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Records deleted by one unit of work: a day of them at once would hold the writer for long, and keep every page
    /// it touched in memory to undo (the SQLite writer's statement journal is in memory).</summary>
    public const int DeleteBatch = 1000;

    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeepFor;
        for (var total = 0; ;)
        {
            var deleted = await writes.RunAsync((db, ct) => db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff)
                .OrderBy(r => r.CreatedAt).Take(DeleteBatch).ExecuteDeleteAsync(ct), ct);
            total += deleted;
            if (deleted < DeleteBatch) return total;
        }
    }
}
