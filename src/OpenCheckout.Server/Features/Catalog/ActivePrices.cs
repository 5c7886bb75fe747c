using System.Collections.Concurrent;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A price as a new checkout session snapshots it (contract section 6): its product's name, its description cut to
/// <see cref="DescriptionSnapshotLength"/> characters, its amounts, not its metadata (the price itself has it). Remembered and
/// shared between sessions (<see cref="ActivePrices"/>), so never modified; bounded in size, so the cache is bounded in bytes.</summary>
public sealed record ActivePrice(string Id, string ProductId, string ProductName, long UnitAmount, string Currency, string? Description,
    DateTime CreatedAt, Recurrence? Recurrence = null, int? TrialPeriodDays = null)
{
    public const int DescriptionSnapshotLength = 500;

    /// <summary>The first 500 characters, never half a surrogate pair.</summary>
    public static string? Snapshot(string? description)
    {
        if (description is null || description.Length <= DescriptionSnapshotLength) return description;
        var length = char.IsHighSurrogate(description[DescriptionSnapshotLength - 1]) ? DescriptionSnapshotLength - 1 : DescriptionSnapshotLength;
        return description[..length];
    }
}

/// <summary>The active prices new sessions snapshot, remembered in memory: under a stream of creates, each lookup would
/// otherwise begin a read transaction on a database that has just changed (on SQLite that drops the connection's page
/// cache). Only prices found active are kept, so a new price is seen at once. A catalog change made through this node
/// is seen by the next lookup (the change's unit of work calls <see cref="ForgetAfterCommit"/>, which tells every node);
/// one made behind the server's back (straight in the database), after <see cref="KeepFor"/>.</summary>
public sealed class ActivePrices
{
    const string ChangedSignal = "catalog-changed";
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);
    readonly IActivePriceQuery query;
    readonly TimeProvider clock;
    readonly NodeSignals signals;

    public ActivePrices(IActivePriceQuery query, TimeProvider clock, NodeSignals signals)
    {
        (this.query, this.clock, this.signals) = (query, clock, signals);
        signals.On(ChangedSignal, Forget);
    }

    // Bounds memory whatever merchants do: past this many, the cache starts afresh.
    const int MaxEntries = 10_000;

    readonly ConcurrentDictionary<(string AccountId, bool TestMode, string PriceId), Entry> _entries = new();
    long _generation;

    sealed record Entry(ActivePrice Price, long Generation, long ReadAt);

    /// <summary>Every node forgets every remembered price once <paramref name="db"/>'s unit of work (a change to a price or
    /// product) has committed.</summary>
    public void ForgetAfterCommit(CheckoutDb db) => signals.RaiseOnCommit(db, ChangedSignal);

    /// <summary>Entries read before this carry an older generation, so they are never used again.</summary>
    public void Forget() => Interlocked.Increment(ref _generation);

    /// <summary>The merchant's active prices among <paramref name="ids"/>, by id; unknown or inactive ids are absent.</summary>
    public async ValueTask<Dictionary<string, ActivePrice>> FindAsync(Merchant merchant, IEnumerable<string> ids, CancellationToken ct)
    {
        // Read before the database: an entry read while a change commits carries the old generation, so it is never used.
        var generation = Interlocked.Read(ref _generation);
        var now = clock.GetTimestamp();
        var prices = new Dictionary<string, ActivePrice>(StringComparer.Ordinal);
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

        var read = await query.ReadAsync(merchant, missing, ct);
        if (_entries.Count + read.Count > MaxEntries) _entries.Clear();
        foreach (var (id, price) in read)
        {
            prices[id] = price;
            _entries[(merchant.AccountId, merchant.TestMode, id)] = new Entry(price, generation, now);
        }
        return prices;
    }
}
