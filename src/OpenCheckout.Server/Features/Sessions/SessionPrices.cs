using System.Collections.Concurrent;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A price as a new session snapshots it, with its product's name. Remembered and shared between sessions
/// (<see cref="SessionPrices"/>), so never modified.</summary>
sealed record SessionPrice(string Id, string ProductId, string ProductName, long UnitAmount, string Currency, string? Description,
    Dictionary<string, string> Metadata, DateTime CreatedAt);

/// <summary>The prices a new session snapshots, remembered in memory. Reading them was about a sixth of a create's CPU: under a
/// stream of creates every lookup began a read transaction on a database that had changed since the last one, and SQLite
/// then drops the connection's whole page cache. Only prices found active are kept, so a new price is seen at once.
/// A change made through this node (the price and product updates save it with <see cref="SaveChangeAsync"/>) is seen by
/// the next lookup; one made through another node sharing the database, within <see cref="KeepFor"/>.</summary>
sealed class SessionPrices(PreparedSqlite sqlite, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);
    // Bounds memory whatever merchants do: past this many, the cache starts afresh.
    const int MaxEntries = 10_000;

    readonly ConcurrentDictionary<(string AccountId, bool TestMode, string PriceId), Entry> _entries = new();
    long _generation;

    sealed record Entry(SessionPrice Price, long Generation, long ReadAt);

    /// <summary>Saves a change to a price or product, then forgets every remembered price (even if the save failed late:
    /// forgetting costs one read).</summary>
    public async Task SaveChangeAsync(CheckoutDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            Interlocked.Increment(ref _generation); // entries read before this carry an older count: never used again
        }
    }

    /// <summary>The merchant's active prices among <paramref name="ids"/>, by id; unknown or inactive ids are absent.</summary>
    public Dictionary<string, SessionPrice> FindActive(Merchant merchant, IEnumerable<string> ids)
    {
        // Read before the database: an entry read while a change commits carries the old generation, so it is never used.
        var generation = Interlocked.Read(ref _generation);
        var now = clock.GetTimestamp();
        var prices = new Dictionary<string, SessionPrice>(StringComparer.Ordinal);
        List<string>? missing = null;
        foreach (var id in ids)
        {
            if (prices.ContainsKey(id) || missing?.Contains(id) == true) continue;
            if (_entries.TryGetValue((merchant.AccountId, merchant.TestMode, id), out var entry) && entry.Generation == generation
                && clock.GetElapsedTime(entry.ReadAt, now) < KeepFor)
                prices[id] = entry.Price;
            else (missing ??= []).Add(id);
        }
        if (missing is null) return prices;

        Dictionary<string, SessionPrice> read;
        using (var lease = sqlite.Rent()) read = Query(lease.Connection, merchant, missing);
        if (_entries.Count + read.Count > MaxEntries) _entries.Clear();
        foreach (var (id, price) in read)
        {
            prices[id] = price;
            _entries[(merchant.AccountId, merchant.TestMode, id)] = new Entry(price, generation, now);
        }
        return prices;
    }

    const string Select = """
        SELECT p.Id, p.ProductId, product.Name, p.UnitAmount, p.Currency, p.Description, p.Metadata, p.CreatedAt
        FROM Prices p JOIN Products product ON product.Id = p.ProductId
        WHERE p.AccountId = @p0 AND p.TestMode = @p1 AND p.Active = 1 AND p.Id IN
        """;

    // Most sessions name a few prices: one statement per count up to 8, each compiled once; more ids go in as a JSON array.
    static readonly string[] ByCount = [.. Enumerable.Range(0, 9).Select(n => $"{Select} ({string.Join(", ", Enumerable.Range(2, n).Select(i => "@p" + i))})")];
    const string ByJsonArray = Select + " (SELECT value FROM json_each(@p2))";

    static Dictionary<string, SessionPrice> Query(PreparedConnection sql, Merchant merchant, List<string> distinct)
    {
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
