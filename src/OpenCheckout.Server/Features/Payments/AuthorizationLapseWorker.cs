using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Releases test-mode authorizations not captured within <c>Captures:AuthorizationLifetime</c> (7 days, Stripe's
/// default), each with <c>charge.expired</c> and <c>payment_intent.canceled</c> in the same unit of work. Safe on several
/// nodes: each takes due payment intents no other node holds, and the release is <see cref="CaptureService"/>'s conditional
/// update, so an authorization lapses (and its events are recorded) once, and never after a capture or cancel won.
/// Live mode has no authorizations until a real processor is configured, whose own window will govern them.</summary>
sealed class AuthorizationLapseWorker(IServiceScopeFactory scopes, IUnitOfWork writes, CaptureService captures, TimeProvider clock,
    IOptions<OpenCheckoutOptions> options, ILogger<AuthorizationLapseWorker> log) : BackgroundService
{
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence runs on real time; what is due is decided by the injected clock (tests move it and call the sweep).
        using var timer = new PeriodicTimer(options.Value.Captures.SweepInterval);
        do
        {
            try
            {
                var lapsed = await LapseDueAsync(stoppingToken);
                if (lapsed > 0) log.LogInformation("Released {Count} authorizations not captured in time", lapsed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Releasing lapsed authorizations failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Releases every authorization due now; returns how many this call released.</summary>
    public async Task<int> LapseDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (await AnyDueAsync(ct))
        {
            var lapsed = await writes.RunAsync(LapseBatchAsync, ct);
            total += lapsed;
            if (lapsed < BatchSize) return total;
        }
        return total;
    }

    /// <summary>Authorized before the cutoff and still waiting: a seek of the (status, authorized_at) index.</summary>
    IQueryable<PaymentIntent> Due(CheckoutDb db)
    {
        var cutoff = (clock.GetUtcNow() - options.Value.Captures.AuthorizationLifetime).UtcDateTime;
        return db.PaymentIntents.Where(p => p.Status == PaymentIntentStatus.RequiresCapture && p.AuthorizedAt <= cutoff && p.TestMode);
    }

    /// <summary>Most ticks find nothing due, and then write nothing.</summary>
    async Task<bool> AnyDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Due(scope.ServiceProvider.GetRequiredService<CheckoutDb>()).AnyAsync(ct);
    }

    async Task<int> LapseBatchAsync(CheckoutDb db, CancellationToken ct)
    {
        var due = await Due(db).OrderBy(p => p.AuthorizedAt).Take(BatchSize).TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var lapsed = 0;
        foreach (var intent in due)
            if (await captures.LapseAsync(db, intent, ct)) lapsed++;
        await db.SaveChangesAsync(ct);
        return lapsed;
    }
}
