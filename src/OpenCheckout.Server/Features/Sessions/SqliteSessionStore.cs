using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Sessions on SQLite through statements compiled once per connection (<see cref="SessionRows"/>,
/// <see cref="SessionListQuery"/>): the insert on the group commit's connection, reads on <see cref="PreparedSqlite"/>.</summary>
sealed class SqliteSessionStore(GroupCommit commits, PreparedSqlite sqlite) : ISessionStore
{
    public Task AddAsync(CheckoutDb db, CheckoutSession session, CancellationToken ct)
    {
        commits.Statements(db).Execute(SessionRows.Insert, SessionRows.Values(session));
        return Task.CompletedTask;
    }

    public ValueTask<CheckoutSession?> FindAsync(string id, Merchant merchant, CancellationToken ct)
    {
        using var read = sqlite.Rent();
        return ValueTask.FromResult(SessionRows.Find(read.Connection, id, merchant));
    }

    public ValueTask<(List<CheckoutSession> Items, bool HasMore)> ListAsync(SessionListFilter filter, ListParams paging, Merchant merchant,
        DateTimeOffset now, CancellationToken ct)
    {
        var page = SessionListQuery.For(filter, paging, merchant, now);
        List<CheckoutSession> items;
        bool hasMore;
        using (var read = sqlite.Rent()) items = SessionRows.Page(read.Connection, page.Sql, paging.Limit, out hasMore, page.Values);
        if (page.OldestFirst) items.Reverse();
        return ValueTask.FromResult((items, hasMore));
    }
}
