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

    /// <summary>Authorized before the cutoff and still waiting: a seek of the (status, authorized_at) index. Authorizations on a
    /// test clock lapse on its time, as it advances (<see cref="ClockedAuthorizationLapse"/>).</summary>
    IQueryable<PaymentIntent> Due(CheckoutDb db) =>
        DueBy(db.PaymentIntents.Where(p => p.TestClockId == null), clock.GetUtcNow(), options.Value.Captures.AuthorizationLifetime);

    /// <summary>Of <paramref name="intents"/>, those whose authorization has lapsed at <paramref name="now"/>.</summary>
    public static IQueryable<PaymentIntent> DueBy(IQueryable<PaymentIntent> intents, DateTimeOffset now, TimeSpan lifetime)
    {
        var cutoff = (now - lifetime).UtcDateTime;
        return intents.Where(p => p.Status == PaymentIntentStatus.RequiresCapture && p.AuthorizedAt <= cutoff && p.TestMode);
    }

    /// <summary>Most ticks find nothing due, and then write nothing.</summary>
    async Task<bool> AnyDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Due(scope.ServiceProvider.GetRequiredService<CheckoutDb>()).AnyAsync(ct);
    }

    Task<int> LapseBatchAsync(CheckoutDb db, CancellationToken ct) => LapseBatchAsync(db, captures, Due(db), clock.GetUtcNow(), ct);

    /// <summary>Inside a unit of work on <paramref name="db"/>: releases up to <see cref="BatchSize"/> of <paramref name="due"/>
    /// that no other node holds, as of <paramref name="now"/>; returns how many it released.</summary>
    public static async Task<int> LapseBatchAsync(CheckoutDb db, CaptureService captures, IQueryable<PaymentIntent> due, DateTimeOffset now,
        CancellationToken ct)
    {
        var batch = await due.OrderBy(p => p.AuthorizedAt).Take(BatchSize).TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var lapsed = 0;
        foreach (var intent in batch)
            if (await captures.LapseAsync(db, intent, now, ct)) lapsed++;
        await db.SaveChangesAsync(ct);
        return lapsed;
    }
}
