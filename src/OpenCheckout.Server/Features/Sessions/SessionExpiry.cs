using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Sessions;
using Session = OpenCheckout.Server.Features.Sessions.CheckoutSession;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Ends open sessions, each with its <c>checkout.session.expired</c> event in the same transaction.
/// Used by <c>/expire</c> and by the sweeper.</summary>
public sealed class SessionExpiry(Infrastructure.Data.CheckoutDb db, EventLog events, PublicUrls urls, TimeProvider clock)
{
    public const int BatchSize = 200;

    /// <summary>Expires up to <see cref="BatchSize"/> of <paramref name="candidates"/> that are still open; returns how many.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(IQueryable<Session> candidates, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Read before taking the write lock (each update below is conditional): most sweeps find nothing to expire, and a
        // transaction held across awaits on a busy server stalls the group commit's writer.
        var ids = await candidates.Where(s => s.Status == SessionStatus.Open).OrderBy(s => s.Id).Select(s => s.Id).Take(BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return [];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var expired = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            // Conditional: a payment that completed the session in the meantime wins.
            var changed = await db.CheckoutSessions.Where(s => s.Id == id && s.Status == SessionStatus.Open)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Expired), ct);
            if (changed == 0) continue;
            var session = await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == id, ct);
            await events.RecordAsync(session.AccountId, session.TestMode, EventTypes.SessionExpired, "checkout_session",
                session.ToWire(now, urls), WireJson.Default.CheckoutSession, ct);
            expired.Add(id);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return expired;
    }
}
