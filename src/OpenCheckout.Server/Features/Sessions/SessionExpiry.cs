using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Time;
using OpenCheckout.Sessions;
using Session = OpenCheckout.Server.Features.Sessions.CheckoutSession;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Ends open sessions, each with its <c>checkout.session.expired</c> event in the same unit of work.
/// Used by <c>/expire</c> and by the sweeper.</summary>
public sealed class SessionExpiry(EventLog events, PublicUrls urls, IObjectClock clocks)
{
    public const int BatchSize = 200;

    /// <summary>Inside a unit of work on <paramref name="db"/>: expires the merchant's open session <paramref name="id"/> now
    /// (the API's <c>/expire</c> and the dashboard's), or says why not.</summary>
    public async Task<(Session? Expired, ApiError? Refused)> ExpireOneAsync(CheckoutDb db, Merchant merchant, string id, DateTimeOffset now,
        CancellationToken ct)
    {
        // A session on a test clock is expired at the clock's time.
        var testClockId = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).Where(s => s.Id == id).Select(s => s.TestClockId).FirstOrDefaultAsync(ct);
        if (testClockId is not null) now = await clocks.NowAsync(db, testClockId, ct);
        var nowUtc = now.UtcDateTime;
        // Conditional update: only an open, unexpired session changes, however many requests race.
        var expired = await ExpireAsync(db, db.CheckoutSessions.OwnedBy(merchant).Where(s => s.Id == id && s.ExpiresAt > nowUtc), now, ct);
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return (null, ApiErrors.NotFound("checkout session", id));
        if (expired.Count == 0)
            return (null, ApiErrors.StateConflict("checkout_session_not_open",
                $"Only open checkout sessions can be expired; this one is {SessionStatus.Effective(session.Status, session.ExpiresAt, now)}."));
        return (session, null);
    }

    /// <summary>Inside a unit of work on <paramref name="db"/>: expires up to <see cref="BatchSize"/> of
    /// <paramref name="candidates"/> (a query on the same context) that are still open; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(CheckoutDb db, IQueryable<Session> candidates, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await candidates.Where(s => s.Status == SessionStatus.Open).OrderBy(s => s.Id).Select(s => s.Id).Take(BatchSize)
            .TagWith(RowLocks.SkipLocked).ToListAsync(ct);
        var expired = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            // Conditional: a payment that completed the session in the meantime wins.
            var changed = await db.CheckoutSessions.Where(s => s.Id == id && s.Status == SessionStatus.Open)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Expired), ct);
            if (changed == 0) continue;
            var session = await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == id, ct);
            events.Record(db, session.AccountId, session.TestMode, EventTypes.SessionExpired, "checkout_session",
                session.ToWire(now, urls), WireJson.Default.CheckoutSession);
            expired.Add(id);
        }
        return expired;
    }
}
