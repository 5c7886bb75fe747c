using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>Renews subscriptions whose period has ended, ends those whose cancellation has come, and retries declined renewals,
/// in real time, on every node (<see cref="RenewalSteps"/>: each takes rows no other node holds and re-checks them under its
/// lock, so a period is renewed and charged once). Subscriptions on a test clock renew as their clock advances
/// (<see cref="ClockedRenewals"/>), never here. Nothing is held in memory: a node that dies mid-sweep rolls back its unit of
/// work, and the next sweep on any node does it.</summary>
sealed class RenewalWorker(IServiceScopeFactory scopes, IUnitOfWork writes, RenewalSteps steps, TimeProvider clock,
    IOptions<OpenCheckoutOptions> options, ILogger<RenewalWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Subscriptions.SweepInterval);
        do
        {
            try
            {
                var (periods, retries) = await SweepAsync(stoppingToken);
                if (periods + retries > 0) log.LogInformation("Ended or renewed {Periods} subscription periods; retried {Retries} invoices", periods, retries);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Renewing subscriptions failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Everything due now: how many periods were ended or renewed, and how many retries made.</summary>
    public async Task<(int Periods, int Retries)> SweepAsync(CancellationToken ct) =>
        (await RunWhileDueAsync(db => db.Subscriptions.Where(s => s.TestClockId == null).Where(RenewalSteps.PeriodDue(Now)),
                (db, ct) => steps.PeriodEndsBatchAsync(db, db.Subscriptions.Where(s => s.TestClockId == null), Now, ct), ct),
            await RunWhileDueAsync(db => db.Invoices.Where(i => i.TestClockId == null).Where(RenewalSteps.RetryDue(Now)),
                (db, ct) => steps.RetriesBatchAsync(db, db.Invoices.Where(i => i.TestClockId == null), Now, ct), ct));

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Runs <paramref name="batch"/> in units of work while <paramref name="due"/> finds rows. Most ticks find nothing
    /// due, and then write nothing (on SQLite a unit of work would take the write lock). A subscription several periods behind
    /// stays due after one renewal and is taken again, a period each time; a batch that takes none means another node holds
    /// what is due.</summary>
    async Task<int> RunWhileDueAsync<T>(Func<CheckoutDb, IQueryable<T>> due, Func<CheckoutDb, CancellationToken, Task<int>> batch,
        CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
                if (!await due(scope.ServiceProvider.GetRequiredService<CheckoutDb>()).AnyAsync(ct)) return total;
            var done = await writes.RunAsync(batch, ct);
            if (done == 0) return total;
            total += done;
        }
    }
}
