using System.Threading.Channels;

namespace OpenCheckout.Server.Features.Events;

/// <summary>The event streams open on this node: how many each account holds (a cap, so a client reconnecting in a loop cannot
/// hold the server's connections), and a wake-up for every one of them whenever events commit on any node. A wake-up is only
/// a hint to read the database now rather than at the next poll; a stream reads only its own account's events.</summary>
public sealed class EventStreams
{
    readonly Lock _lock = new();
    readonly Dictionary<string, int> _perAccount = new(StringComparer.Ordinal);
    // Replaced, never changed, under the lock: the committing thread that wakes them reads it without one.
    Subscription[] _open = [];

    public EventStreams(EventSignal signal) => signal.OnRecorded(WakeAll);

    /// <summary>A place for one more stream of <paramref name="accountId"/>, or null when it already has <paramref name="max"/>.</summary>
    public Subscription? TryOpen(string accountId, int max)
    {
        lock (_lock)
        {
            var count = _perAccount.GetValueOrDefault(accountId);
            if (count >= max) return null;
            _perAccount[accountId] = count + 1;
            var subscription = new Subscription(this, accountId);
            _open = [.. _open, subscription];
            return subscription;
        }
    }

    void WakeAll()
    {
        foreach (var subscription in _open) subscription.Wake();
    }

    void Close(Subscription subscription)
    {
        lock (_lock)
        {
            if (!_open.Contains(subscription)) return;
            _open = [.. _open.Where(s => s != subscription)];
            if (--_perAccount[subscription.AccountId] == 0) _perAccount.Remove(subscription.AccountId);
        }
    }

    /// <summary>One open stream's place: woken when events commit; disposing it frees the place.</summary>
    public sealed class Subscription : IDisposable
    {
        readonly EventStreams _owner;
        readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        internal Subscription(EventStreams owner, string accountId) => (_owner, AccountId) = (owner, accountId);

        public string AccountId { get; }

        internal void Wake() => _wake.Writer.TryWrite(true);

        /// <summary>Returns when woken (at once if woken since the last wait) or when <paramref name="ct"/> is cancelled.</summary>
        public async Task WaitAsync(CancellationToken ct)
        {
            try
            {
                await _wake.Reader.ReadAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // the poll interval has passed, or the stream is closing: the caller tells which
            }
        }

        public void Dispose() => _owner.Close(this);
    }
}
