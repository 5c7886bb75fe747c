using System.Threading.Channels;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.TestClocks;

/// <summary>Wakes every node's <see cref="TestClockAdvancer"/> once an advance request (or a dead node's release) commits.
/// Only a hint: the advancers also poll the database, which holds every advance to run.</summary>
public sealed class TestClockSignal
{
    const string Name = "test-clocks-advancing";
    readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly NodeSignals _signals;

    public TestClockSignal(NodeSignals signals)
    {
        _signals = signals;
        signals.On(Name, Wake);
    }

    public void WakeOnCommit(CheckoutDb db) => _signals.RaiseOnCommit(db, Name);

    public void Wake() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="poll"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(poll);
        try
        {
            await _channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}
