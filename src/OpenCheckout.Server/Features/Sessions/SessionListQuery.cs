using OpenCheckout.Ids;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>The SQLite text of a page of <c>GET /v1/checkout/sessions</c>: what follows <c>SELECT {columns}</c>. Every
/// filter seeks an index that holds the sessions newest first, so a page reads about its limit in rows however many
/// sessions the account has, and however rare the match (tests hold each filter to its query plan).</summary>
static class SessionListQuery
{
    const string Table = "CheckoutSessions";

    public static (string Sql, object?[] Values, bool OldestFirst) For(SessionListFilter filter, ListParams paging, Merchant merchant, DateTimeOffset now)
    {
        var nowUtc = now.UtcDateTime;
        var where = SqlWhere.OwnedBy(merchant);
        if (filter.ClientReferenceId is { } reference) where.And("ClientReferenceId = {0}", reference);
        if (filter.PaymentLinkId is { } link) where.And("PaymentLinkId = {0}", link);
        // Ids begin with their creation time, so a created bound is also an id bound, which the indexes can seek; the
        // CreatedAt term keeps the filter exact.
        if (filter.CreatedFrom is { } from) where.And("CreatedAt >= {0} AND Id >= {1}", from, ObjectId.Floor(ObjectId.Session, from));
        if (filter.CreatedBefore is { } end) where.And("CreatedAt < {0} AND Id < {1}", end, ObjectId.Floor(ObjectId.Session, end));

        // Each status filter seeks the (account, mode, status, id) index. A session on a test clock is judged by its stored
        // status: each advance expires what its clock passed before the clock is ready, so that is its status at the clock's time.
        switch (filter.Status)
        {
            case SessionStatus.Open:
                // The + keeps SQLite from taking the (status, expires_at) index instead, which holds every account's open
                // sessions in expiry order, to be read in full and sorted.
                where.And("Status = {0} AND (+ExpiresAt > {1} OR TestClockId IS NOT NULL)", SessionStatus.Open, nowUtc);
                break;
            case SessionStatus.Complete:
                where.And("Status = {0}", SessionStatus.Complete);
                break;
            case SessionStatus.Expired:
                // Stored as expired, or still open past expires_at because no sweep has reached it yet. Those are few (the
                // sweeper catches up every 30 seconds by default) and the oldest open ones, so they are read from the
                // expiry index; the planner, which cannot know that, would walk all the account's open sessions for them.
                var either = where.PageOfEither((Table, "Status = {0}", [SessionStatus.Expired]),
                    ($"{Table} INDEXED BY IX_CheckoutSessions_Status_ExpiresAt", "Status = {0} AND ExpiresAt <= {1} AND TestClockId IS NULL", [SessionStatus.Open, nowUtc]),
                    paging, out var expiredOldestFirst);
                return (either.Sql, either.Values, expiredOldestFirst);
        }
        var page = where.Page(Table, paging, out var oldestFirst);
        return (page.Sql, page.Values, oldestFirst);
    }
}
