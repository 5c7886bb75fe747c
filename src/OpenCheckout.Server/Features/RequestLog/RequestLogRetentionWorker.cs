using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.RequestLog;

/// <summary>Deletes request log rows older than <c>RequestLog:RetentionDays</c>, every 10 minutes on each node (a delete
/// another node already made finds nothing). Rows are found by the id's time part, on the primary key: no index of its own.</summary>
sealed class RequestLogRetentionWorker(IUnitOfWork writes, TimeProvider clock, IOptions<OpenCheckoutOptions> options,
    ILogger<RequestLogRetentionWorker> log) : BackgroundService
{
    /// <summary>Rows deleted by one unit of work, so that a large backlog never holds the writer long (nor fills the SQLite
    /// writer's in-memory statement journal).</summary>
    public const int DeleteBatch = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence runs on real time; what is due is decided by the injected clock (tests move it and call the purge).
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Request log retention failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every row older than the retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var days = Math.Max(1, options.Value.RequestLog.RetentionDays);
        var cutoff = ObjectId.Floor(RequestLogEntry.IdPrefix, clock.GetUtcNow() - TimeSpan.FromDays(days));
        for (var total = 0; ;)
        {
            var deleted = await writes.RunAsync((db, ct) => db.RequestLog.Where(r => string.Compare(r.Id, cutoff) < 0)
                .OrderBy(r => r.Id).Take(DeleteBatch).ExecuteDeleteAsync(ct), ct);
            total += deleted;
            if (deleted < DeleteBatch) return total;
        }
    }
}
