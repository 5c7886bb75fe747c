using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Session expiry for a test clock's sessions, run as the clock advances: the sweeper's <see cref="SessionExpiry"/>
/// on the clock's sessions at the clock's time.</summary>
sealed class ClockedSessionExpiry(SessionExpiry expiry) : IClockedWork
{
    public Task<DateTime?> NextDueAsync(CheckoutDb db, string testClockId, DateTime after, CancellationToken ct) =>
        db.CheckoutSessions.Where(s => s.TestClockId == testClockId && s.Status == SessionStatus.Open && s.ExpiresAt > after)
            .MinAsync(s => (DateTime?)s.ExpiresAt, ct);

    public async Task<int> RunDueAsync(CheckoutDb db, string testClockId, DateTimeOffset now, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        return (await expiry.ExpireAsync(db, db.CheckoutSessions.Where(s => s.TestClockId == testClockId && s.ExpiresAt <= nowUtc), now, ct)).Count;
    }
}
