using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A price as a new session snapshots it, with its product's name.</summary>
sealed record SessionPrice(string Id, string ProductId, string ProductName, long UnitAmount, string Currency, string? Description,
    Dictionary<string, string> Metadata, DateTime CreatedAt);

static class SessionPrices
{
    const string Select = """
        SELECT p.Id, p.ProductId, product.Name, p.UnitAmount, p.Currency, p.Description, p.Metadata, p.CreatedAt
        FROM Prices p JOIN Products product ON product.Id = p.ProductId
        WHERE p.AccountId = @p0 AND p.TestMode = @p1 AND p.Active = 1 AND p.Id IN
        """;

    // Most sessions name a few prices: one statement per count up to 8, each compiled once; more ids go in as a JSON array.
    static readonly string[] ByCount = [.. Enumerable.Range(0, 9).Select(n => $"{Select} ({string.Join(", ", Enumerable.Range(2, n).Select(i => "@p" + i))})")];
    const string ByJsonArray = Select + " (SELECT value FROM json_each(@p2))";

    /// <summary>The merchant's active prices among <paramref name="ids"/>, by id; unknown or inactive ids are absent.</summary>
    public static Dictionary<string, SessionPrice> FindActive(PreparedConnection sql, Merchant merchant, IEnumerable<string> ids)
    {
        var distinct = ids.Distinct().ToList();
        var few = distinct.Count < ByCount.Length;
        object?[] values = few ? [merchant.AccountId, merchant.TestMode, .. distinct] : [merchant.AccountId, merchant.TestMode, JsonColumn.Write(distinct)];
        var prices = new Dictionary<string, SessionPrice>(StringComparer.Ordinal);
        using var rows = sql.Query(few ? ByCount[distinct.Count] : ByJsonArray, values);
        while (rows.Read())
            prices[rows.GetString(0)] = new SessionPrice(rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetInt64(3),
                rows.GetString(4), rows.GetStringOrNull(5), JsonColumn.Read<Dictionary<string, string>>(rows, 6), rows.GetDateTime(7));
        return prices;
    }
}
