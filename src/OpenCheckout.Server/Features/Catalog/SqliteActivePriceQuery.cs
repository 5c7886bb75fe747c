using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>Active prices on SQLite: one statement per count of prices, each compiled once per connection.</summary>
sealed class SqliteActivePriceQuery(PreparedSqlite sqlite) : IActivePriceQuery
{
    const string Select = """
        SELECT p.Id, p.ProductId, product.Name, p.UnitAmount, p.Currency, substr(p.Description, 1, 501), p.CreatedAt,
               p.Interval, p.IntervalCount, p.TrialPeriodDays
        FROM Prices p JOIN Products product ON product.Id = p.ProductId
        WHERE p.AccountId = @p0 AND p.TestMode = @p1 AND p.Active = 1 AND p.Id IN
        """;

    // Most sessions name a few prices: one statement per count up to 8, each compiled once; more ids go in as a JSON array.
    static readonly string[] ByCount = [.. Enumerable.Range(0, 9).Select(n => $"{Select} ({string.Join(", ", Enumerable.Range(2, n).Select(i => "@p" + i))})")];
    const string ByJsonArray = Select + " (SELECT value FROM json_each(@p2))";

    public ValueTask<Dictionary<string, ActivePrice>> ReadAsync(Merchant merchant, List<string> ids, CancellationToken ct)
    {
        var few = ids.Count < ByCount.Length;
        object?[] values = few
            ? [merchant.AccountId, merchant.TestMode, .. ids]
            : [merchant.AccountId, merchant.TestMode, JsonColumn.Write(ids, ColumnJson.Default.ListString)];
        var prices = new Dictionary<string, ActivePrice>(StringComparer.Ordinal);
        using var lease = sqlite.Rent();
        using var rows = lease.Connection.Query(few ? ByCount[ids.Count] : ByJsonArray, values);
        while (rows.Read())
            prices[rows.GetString(0)] = new ActivePrice(rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetInt64(3),
                rows.GetString(4), ActivePrice.Snapshot(rows.GetStringOrNull(5)), rows.GetDateTime(6),
                rows.IsNull(7) ? null : new Recurrence(Enum.Parse<RecurringInterval>(rows.GetString(7)), (int)rows.GetInt64(8)),
                rows.IsNull(9) ? null : (int)rows.GetInt64(9));
        return ValueTask.FromResult(prices);
    }
}
