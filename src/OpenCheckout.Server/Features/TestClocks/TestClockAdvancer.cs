using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.TestClocks;

/// <summary>Runs test clocks' advances, on every node. A node claims an advancing clock with a lease (a conditional update,
/// <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), so one node at a time advances it; then, step by step, it finds the earliest
/// time any <see cref="IClockedWork"/> of the clock falls due, moves the clock's <c>frozen_time</c> there (renewing the lease)
/// and runs every work due then, each batch in a unit of work of its own; when nothing more is due before the target, the
/// clock is set to it and is ready. Each work is a conditional update, and the clock's time is in its row: a node that dies
/// mid-advance leaves the clock to another (at once, through <see cref="DeadInstanceClocks"/>), which resumes from the
/// time reached and does what was left, once.</summary>
public sealed class TestClockAdvancer(IServiceScopeFactory scopes, IUnitOfWork writes, IEnumerable<IClockedWork> works, TestClockSignal signal,
    ThisNode node, ILogger<TestClockAdvancer> log) : BackgroundService
{
    /// <summary>Distinct times one advance stops at; past it the clock stays at the last time reached, ready, and an advance
    /// to the same target goes on from there.</summary>
    public const int MaxSteps = 1_000;

    /// <summary>How long a claim holds without renewal (each step renews it). Wall-clock time, like node liveness.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await AdvanceNextAsync(stoppingToken)) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Advancing a test clock failed; another try at the next poll");
            }
            await signal.WaitAsync(Poll, stoppingToken);
        }
    }

    /// <summary>Claims one clock with an advance to run and runs that advance; false when there was none to claim.</summary>
    public async Task<bool> AdvanceNextAsync(CancellationToken ct)
    {
        if (!await AnyToClaimAsync(ct)) return false;
        var clockId = await writes.RunAsync(ClaimAsync, ct);
        if (clockId is null) return false;
        await AdvanceAsync(clockId, ct);
        return true;
    }

    /// <summary>Most polls find no advance to run, and then begin no unit of work (on SQLite one would take the write lock).</summary>
    async Task<bool> AnyToClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = DateTime.UtcNow;
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().TestClocks
            .AnyAsync(c => c.Status == TestClockStatus.Advancing && (c.LockedUntil == null || c.LockedUntil < now), ct);
    }

    async Task<string?> ClaimAsync(CheckoutDb db, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var id = await db.TestClocks.Where(c => c.Status == TestClockStatus.Advancing && (c.LockedUntil == null || c.LockedUntil < now))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(1).TagWith(RowLocks.SkipLocked).FirstOrDefaultAsync(ct);
        if (id is null) return null;
        var claimed = await db.TestClocks
            .Where(c => c.Id == id && c.Status == TestClockStatus.Advancing && (c.LockedUntil == null || c.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.LockedBy, node.InstanceId).SetProperty(c => c.LockedUntil, now + Lease), ct);
        return claimed == 1 ? id : null;
    }

    async Task AdvanceAsync(string clockId, CancellationToken ct)
    {
        // First the work due at the time the clock already shows: none, unless a node died in the middle of a step.
        var at = await writes.RunAsync((db, ct) => HeldAsync(db, clockId, ct), ct);
        for (var step = 0; at is { } time && step < MaxSteps; step++)
        {
            await RunDueAsync(clockId, time.At, ct);
            var next = await writes.RunAsync(async (db, ct) => await NextDueAsync(db, clockId, time.At, ct), ct);
            if (next is null || next > time.Target)
            {
                if (await FinishAsync(clockId, time.Target, ct)) log.LogInformation("Test clock {ClockId} advanced to {Time:u}", clockId, time.Target);
                return;
            }
            at = await MoveAsync(clockId, next.Value, ct) ? time with { At = next.Value } : null;
        }
        if (at is { } stopped && await FinishAsync(clockId, stopped.At, ct))
            log.LogWarning("Test clock {ClockId} stopped at {Time:u} after {Steps} steps, before {Target:u}", clockId, stopped.At, MaxSteps, stopped.Target);
    }

    sealed record Position(DateTime At, DateTime Target);

    /// <summary>Where the clock is and where it goes, while this node still holds it (not deleted, not taken over).</summary>
    async Task<Position?> HeldAsync(CheckoutDb db, string clockId, CancellationToken ct)
    {
        var clock = await db.TestClocks.AsNoTracking()
            .Where(c => c.Id == clockId && c.Status == TestClockStatus.Advancing && c.LockedBy == node.InstanceId)
            .Select(c => new { c.FrozenTime, c.AdvanceTo }).FirstOrDefaultAsync(ct);
        return clock?.AdvanceTo is { } target ? new Position(clock.FrozenTime, target) : null;
    }

    /// <summary>Every work due at <paramref name="at"/>, until none has any left (each batch changes what it did, so this ends).</summary>
    async Task RunDueAsync(string clockId, DateTime at, CancellationToken ct)
    {
        var now = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        foreach (var work in works)
            while (await writes.RunAsync((db, ct) => work.RunDueAsync(db, clockId, now, ct), ct) > 0) { }
    }

    async Task<DateTime?> NextDueAsync(CheckoutDb db, string clockId, DateTime after, CancellationToken ct)
    {
        DateTime? next = null;
        foreach (var work in works)
            if (await work.NextDueAsync(db, clockId, after, ct) is { } due && (next is null || due < next)) next = due;
        return next;
    }

    /// <summary>Sets the clock's time to the step's, renewing the lease; false when this node no longer holds it.</summary>
    Task<bool> MoveAsync(string clockId, DateTime at, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
        await db.TestClocks.Where(c => c.Id == clockId && c.Status == TestClockStatus.Advancing && c.LockedBy == node.InstanceId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.FrozenTime, at).SetProperty(c => c.LockedUntil, DateTime.UtcNow + Lease), ct) == 1, ct);

    Task<bool> FinishAsync(string clockId, DateTime at, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
        await db.TestClocks.Where(c => c.Id == clockId && c.Status == TestClockStatus.Advancing && c.LockedBy == node.InstanceId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.FrozenTime, at).SetProperty(c => c.Status, TestClockStatus.Ready)
                .SetProperty(c => c.AdvanceTo, (DateTime?)null).SetProperty(c => c.LockedBy, (string?)null)
                .SetProperty(c => c.LockedUntil, (DateTime?)null), ct) == 1, ct);
}
