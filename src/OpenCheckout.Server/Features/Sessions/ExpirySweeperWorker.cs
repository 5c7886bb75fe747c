using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Moves open sessions past their <c>expires_at</c> to expired. Readers already see them as
/// expired; the sweep makes the stored state (and, later, its events) catch up. Safe on several nodes:
/// the update is conditional, so a session is expired once whoever runs it. Sessions on a test clock expire on that clock's
/// time, when it is advanced (<see cref="ClockedSessionExpiry"/>), never here.</summary>
sealed class ExpirySweeperWorker(IServiceScopeFactory scopes, IUnitOfWork writes, SessionExpiry expiry, TimeProvider clock,
    IOptions<OpenCheckoutOptions> options, ILogger<ExpirySweeperWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence runs on real time; what is due is decided by the injected clock (tests move it and call the sweep).
        using var timer = new PeriodicTimer(options.Value.Sessions.SweepInterval);
        do
        {
            try
            {
                var expired = await SweepAsync(stoppingToken);
                if (expired > 0) log.LogInformation("Expired {Count} checkout sessions", expired);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Expiry sweep failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var total = 0;
        while (await AnyDueAsync(ct))
        {
            var now = clock.GetUtcNow();
            var nowUtc = now.UtcDateTime;
            var expired = await writes.RunAsync((db, ct) => expiry.ExpireAsync(db, db.CheckoutSessions.Where(s => s.ExpiresAt <= nowUtc && s.TestClockId == null), now, ct), ct);
            total += expired.Count;
            if (expired.Count < SessionExpiry.BatchSize) return total;
        }
        return total;
    }

    /// <summary>Most sweeps find nothing due, and then write nothing.</summary>
    async Task<bool> AnyDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow().UtcDateTime;
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().CheckoutSessions
            .AnyAsync(s => s.Status == SessionStatus.Open && s.ExpiresAt <= now && s.TestClockId == null, ct);
    }
}
