using OpenCheckout.Ids;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>The session list's filters as EF Core queries: the API's list on PostgreSQL and the dashboard's payments list
/// (both providers) ask the same questions, so they share the answers.</summary>
static class SessionQueries
{
    /// <summary>Sessions a reader sees in <paramref name="status"/> (open, complete or expired): an open session past
    /// <c>expires_at</c> is expired though no sweep has reached it yet. A session on a test clock is judged by its stored status
    /// (an advance expires what its clock passed before the clock is ready). Null or any other value filters nothing.</summary>
    public static IQueryable<CheckoutSession> WithStatus(this IQueryable<CheckoutSession> sessions, string? status, DateTime nowUtc) => status switch
    {
        SessionStatus.Open => sessions.Where(s => s.Status == SessionStatus.Open && (s.ExpiresAt > nowUtc || s.TestClockId != null)),
        SessionStatus.Complete => sessions.Where(s => s.Status == SessionStatus.Complete),
        SessionStatus.Expired => sessions.Where(s => s.Status == SessionStatus.Expired
            || (s.Status == SessionStatus.Open && s.ExpiresAt <= nowUtc && s.TestClockId == null)),
        _ => sessions,
    };

    /// <summary>Created at or after <paramref name="from"/> and before <paramref name="before"/> (UTC; either may be open).
    /// Ids begin with their creation time, so the range is also an id range that the (account, mode, ..., id) indexes seek
    /// instead of walking every newer session down to it; <c>CreatedAt</c> stays the rule, the id bounds only narrow the scan.</summary>
    public static IQueryable<CheckoutSession> CreatedBetween(this IQueryable<CheckoutSession> sessions, DateTime? from, DateTime? before)
    {
        if (from is { } start)
        {
            var floor = ObjectId.Floor(ObjectId.Session, new DateTimeOffset(start));
            sessions = sessions.Where(s => string.Compare(s.Id, floor) >= 0 && s.CreatedAt >= start);
        }
        if (before is { } end)
        {
            var ceiling = ObjectId.Floor(ObjectId.Session, new DateTimeOffset(end));
            sessions = sessions.Where(s => string.Compare(s.Id, ceiling) < 0 && s.CreatedAt < end);
        }
        return sessions;
    }
}
