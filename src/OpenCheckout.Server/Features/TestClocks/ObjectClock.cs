using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.TestClocks;

/// <summary>Real time, or a test clock's frozen time read from its row (one small read, only for objects on a clock).</summary>
sealed class ObjectClock(TimeProvider clock, IServiceScopeFactory scopes) : IObjectClock
{
    public async ValueTask<DateTimeOffset> NowAsync(string? testClockId, CancellationToken ct)
    {
        if (testClockId is null) return clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        return await NowAsync(scope.ServiceProvider.GetRequiredService<CheckoutDb>(), testClockId, ct);
    }

    public async ValueTask<DateTimeOffset> NowAsync(CheckoutDb db, string? testClockId, CancellationToken ct)
    {
        if (testClockId is null) return clock.GetUtcNow();
        var frozen = await db.TestClocks.AsNoTracking().Where(c => c.Id == testClockId).Select(c => (DateTime?)c.FrozenTime).FirstOrDefaultAsync(ct);
        // A deleted clock's leftovers (sessions it expired, payments) are judged in real time.
        return frozen is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : clock.GetUtcNow();
    }

    public async Task<DateTimeOffset?> FindAsync(CheckoutDb db, Merchant merchant, string testClockId, CancellationToken ct)
    {
        var frozen = await db.TestClocks.AsNoTracking().OwnedBy(merchant).Where(c => c.Id == testClockId)
            .Select(c => (DateTime?)c.FrozenTime).FirstOrDefaultAsync(ct);
        return frozen is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
    }
}
