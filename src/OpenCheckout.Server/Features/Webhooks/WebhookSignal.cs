using System.Threading.Channels;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Wakes this node's dispatcher as soon as deliveries commit. Only a hint: the database is the queue, and every
/// node also polls it, so a lost wake-up costs at most one poll interval.</summary>
public sealed class WebhookSignal
{
    readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct);
}
