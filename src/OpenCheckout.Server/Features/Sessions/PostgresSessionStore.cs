using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenCheckout.Ids;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Postgres;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Sessions on PostgreSQL. The insert is one statement of the row <see cref="SessionRows"/> writes (Npgsql prepares
/// it on each connection), not EF Core's change tracking of 37 properties; reads go through EF Core. Every filter seeks an
/// index that ends in the id, as on SQLite: a created bound is also an id bound, since ids begin with their creation time.</summary>
sealed class PostgresSessionStore(CheckoutDb db) : ISessionStore
{
    static readonly string InsertSql = $"INSERT INTO \"CheckoutSessions\" ({string.Join(", ", SessionRows.Columns.Select(c => $"\"{c}\""))}) " +
        $"VALUES ({string.Join(", ", SessionRows.Columns.Select((_, i) => "$" + (i + 1)))})";

    static readonly Func<CheckoutDb, string, string, bool, CancellationToken, Task<CheckoutSession?>> Find =
        EF.CompileAsyncQuery((CheckoutDb db, string id, string accountId, bool testMode, CancellationToken ct) =>
            db.Set<CheckoutSession>().AsNoTracking().FirstOrDefault(s => s.Id == id && s.AccountId == accountId && s.TestMode == testMode));

    public async Task AddAsync(CheckoutDb db, CheckoutSession session, CancellationToken ct)
    {
        await using var insert = db.Command(InsertSql);
        foreach (var value in SessionRows.Values(session))
            insert.Parameters.Add(new NpgsqlParameter
            {
                // Times are UTC (timestamptz), as the model's converter writes them.
                Value = value switch { null => DBNull.Value, DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc), _ => value },
            });
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask<CheckoutSession?> FindAsync(string id, Merchant merchant, CancellationToken ct) =>
        await Find(db, id, merchant.AccountId, merchant.TestMode, ct);

    public async ValueTask<(List<CheckoutSession> Items, bool HasMore)> ListAsync(SessionListFilter filter, ListParams paging, Merchant merchant,
        DateTimeOffset now, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        var sessions = db.CheckoutSessions.AsNoTracking().OwnedBy(merchant);
        if (filter.ClientReferenceId is { } reference) sessions = sessions.Where(s => s.ClientReferenceId == reference);
        if (filter.PaymentLinkId is { } link) sessions = sessions.Where(s => s.PaymentLinkId == link);
        sessions = sessions.CreatedBetween(filter.CreatedFrom, filter.CreatedBefore).WithStatus(filter.Status, nowUtc);
        return await sessions.PageAsync(paging, ct);
    }
}
