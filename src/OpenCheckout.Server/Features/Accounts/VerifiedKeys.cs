using System.Collections.Concurrent;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Keys verified recently, so the API's hot path skips the lookup and the hash comparison. A key revoked or
/// rolled through the server is forgotten by every node as soon as the change commits (<see cref="ForgetAfterCommit"/>
/// over <see cref="NodeSignals"/>: LISTEN/NOTIFY on PostgreSQL); a change made straight in the database, after
/// <see cref="KeepFor"/>. A rolled key's entry never outlives its expiry.</summary>
public sealed class VerifiedKeys
{
    const string ChangedSignal = "api-keys-changed";
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);
    // Bounds memory whatever callers present: past this many, the cache starts afresh.
    const int MaxEntries = 10_000;

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    readonly TimeProvider clock;
    readonly NodeSignals signals;
    long _generation;

    sealed record Entry(Merchant Merchant, string KeyId, long Generation, DateTime Until);

    public VerifiedKeys(TimeProvider clock, NodeSignals signals)
    {
        (this.clock, this.signals) = (clock, signals);
        signals.On(ChangedSignal, Forget);
    }

    /// <summary>The generation to store a lookup under: read it before the database, so a lookup that raced a change is
    /// stored under the old generation and never used.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public (Merchant Merchant, string KeyId)? Find(string keyHash)
    {
        if (!_entries.TryGetValue(keyHash, out var entry) || entry.Generation != Generation || entry.Until <= clock.GetUtcNow().UtcDateTime) return null;
        return (entry.Merchant, entry.KeyId);
    }

    public void Remember(string keyHash, Merchant merchant, ApiKey key, long generation)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        var until = clock.GetUtcNow().UtcDateTime + KeepFor;
        if (key.ExpiresAt < until) until = key.ExpiresAt.Value;
        _entries[keyHash] = new Entry(merchant, key.Id, generation, until);
    }

    /// <summary>Every node forgets every verified key once <paramref name="db"/>'s unit of work (a key revoked, rolled or
    /// made) has committed.</summary>
    public void ForgetAfterCommit(CheckoutDb db) => signals.RaiseOnCommit(db, ChangedSignal);

    public void Forget() => Interlocked.Increment(ref _generation);
}
