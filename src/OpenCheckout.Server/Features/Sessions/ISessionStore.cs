using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>The hot paths of checkout sessions, one implementation per provider: a new session's insert (every create)
/// and the reads every success page and list makes. Everything else about a session (paying, refunding, expiring) is
/// EF Core in a unit of work, the same on every provider.</summary>
interface ISessionStore
{
    /// <summary>Adds <paramref name="session"/> to the unit of work running on <paramref name="db"/>.</summary>
    Task AddAsync(CheckoutDb db, CheckoutSession session, CancellationToken ct);

    ValueTask<CheckoutSession?> FindAsync(string id, Merchant merchant, CancellationToken ct);

    /// <summary>A page newest first (ids are ULIDs, so id order is creation order), and whether more follow.</summary>
    ValueTask<(List<CheckoutSession> Items, bool HasMore)> ListAsync(SessionListFilter filter, ListParams paging, Merchant merchant,
        DateTimeOffset now, CancellationToken ct);
}
