using System.Threading.Channels;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Wakes the dispatchers of every node as soon as deliveries or events commit (any of them may claim the work). Only a hint:
/// the database is the queue, and every node also polls it, so a lost wake-up costs at most one poll interval.</summary>
public sealed class WebhookSignal
{
    const string DueSignal = "deliveries-due";
    readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly NodeSignals _signals;

    public WebhookSignal(NodeSignals signals, EventSignal events)
    {
        _signals = signals;
        signals.On(DueSignal, Wake);
        events.OnRecorded(Wake); // events to fan out
    }

    /// <summary>Wakes every node's dispatcher once <paramref name="db"/>'s unit of work has committed.</summary>
    public void WakeOnCommit(CheckoutDb db) => _signals.RaiseOnCommit(db, DueSignal);

    public void Wake() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct);
}
