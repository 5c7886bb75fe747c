using System.Collections.Concurrent;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Nodes;

/// <summary>Named signals between nodes: "prices changed", "deliveries are due". A unit of work raises one with
/// <see cref="RaiseOnCommit"/>; every node's handlers for it run once it has committed — this node's at once, the others'
/// when PostgreSQL delivers the NOTIFY (on SQLite there is one node). Signals are hints on top of the database: a node
/// that lost its listening connection runs every handler when it listens again, as if each signal had come.</summary>
public sealed class NodeSignals
{
    readonly ConcurrentDictionary<string, Action[]> _handlers = new(StringComparer.Ordinal);

    public void On(string signal, Action handler) => _handlers.AddOrUpdate(signal, [handler], (_, existing) => [.. existing, handler]);

    public void RaiseOnCommit(CheckoutDb db, string signal)
    {
        db.AfterCommit("signal:" + signal, () => Raise(signal));
        db.BroadcastOnCommit(signal);
    }

    /// <summary>Runs this node's handlers of <paramref name="signal"/> (from another node, or this one's commit).</summary>
    public void Raise(string signal)
    {
        if (_handlers.TryGetValue(signal, out var handlers))
            foreach (var handler in handlers) handler();
    }

    public void RaiseAll()
    {
        foreach (var handlers in _handlers.Values)
            foreach (var handler in handlers) handler();
    }
}
