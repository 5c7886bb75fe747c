using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Events;

/// <summary>One open event stream: writes the account's events as Server-Sent Events, each exactly as <c>GET /v1/events/{id}</c>
/// serves it, in id order (the events list's). The database is the truth: every read asks it for the events of the last
/// <see cref="Lookback"/> not sent yet, rather than those after the last id sent, because an id is taken when an event is
/// recorded and its transaction may commit after a later one's (another request, another node, a clock a little behind):
/// such an event is still sent, a little out of order, instead of never.</summary>
sealed class EventStream(CheckoutDb db, Merchant merchant, List<string>? types, TimeProvider clock, HttpResponse response)
{
    /// <summary>How late an event may commit after its id was taken (a transaction's length, plus clock skew between nodes)
    /// and still be sent.</summary>
    static readonly TimeSpan Lookback = TimeSpan.FromSeconds(10);

    /// <summary>A resumed stream replays at most the <see cref="ReplayLimit"/> newest events recorded after the given one, and none
    /// older than this.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(24);
    public const int ReplayLimit = 1000;

    const int IdPage = 500;
    const int PayloadBatch = 50;

    static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>The ids sent (or, when the stream starts, already there) within the lookback window: not sent again.</summary>
    readonly HashSet<string> _sent = new(StringComparer.Ordinal);

    IQueryable<Event> Events()
    {
        // A dashboard test event is for the one endpoint it was sent to.
        var events = db.Events.AsNoTracking().OwnedBy(merchant).Where(e => e.Type != EventTypes.Test);
        return types is null ? events : events.Where(e => types.Contains(e.Type));
    }

    string Floor() => ObjectId.Floor(ObjectId.Event, clock.GetUtcNow() - Lookback);

    /// <summary>Before the answer starts: what counts as already seen. Without <paramref name="resumeAfter"/>, everything there
    /// now (the stream carries new events only); with it, the recent events up to it.</summary>
    public async Task SeedAsync(string? resumeAfter, CancellationToken ct)
    {
        var floor = Floor();
        var recent = Events().Where(e => e.Id.CompareTo(floor) > 0);
        if (resumeAfter is not null) recent = recent.Where(e => e.Id.CompareTo(resumeAfter) <= 0);
        _sent.UnionWith(await recent.Select(e => e.Id).ToListAsync(ct));
    }

    /// <summary>The events recorded after <paramref name="resumeAfter"/>, within <see cref="ReplayWindow"/> and at most the
    /// <see cref="ReplayLimit"/> newest.</summary>
    public async Task ReplayAsync(string resumeAfter, CancellationToken ct)
    {
        var windowStart = ObjectId.Floor(ObjectId.Event, clock.GetUtcNow() - ReplayWindow);
        var after = string.CompareOrdinal(resumeAfter, windowStart) > 0 ? resumeAfter : windowStart;
        var beforeNewest = await Events().Where(e => e.Id.CompareTo(after) > 0).OrderByDescending(e => e.Id)
            .Select(e => e.Id).Skip(ReplayLimit).FirstOrDefaultAsync(ct);
        await SendAfterAsync(beforeNewest ?? after, ct);
    }

    /// <summary>Sends what the lookback window holds that was not sent yet; true when something was.</summary>
    async Task<bool> SendNewAsync(CancellationToken ct)
    {
        var floor = Floor();
        var sent = await SendAfterAsync(floor, ct);
        _sent.RemoveWhere(id => string.CompareOrdinal(id, floor) <= 0);
        return sent;
    }

    /// <summary>Sends new events until <paramref name="ct"/> is cancelled: when <paramref name="wake"/> says events committed, at
    /// every poll, and a keep-alive comment when nothing was sent for the heartbeat interval. Intervals run on the real clock,
    /// not the injected one (which a test may hold still): they are about the connection, not about the events' times.</summary>
    public async Task FollowAsync(EventStreams.Subscription wake, OpenCheckoutOptions.EventStreamOptions settings, CancellationToken ct)
    {
        var lastWrite = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var heartbeatDue = settings.HeartbeatInterval - TimeProvider.System.GetElapsedTime(lastWrite);
            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                poll.CancelAfter(TimeSpan.FromTicks(Math.Clamp(heartbeatDue.Ticks, 0, settings.PollInterval.Ticks)));
                await wake.WaitAsync(poll.Token);
            }
            ct.ThrowIfCancellationRequested();
            if (await SendNewAsync(ct)) lastWrite = TimeProvider.System.GetTimestamp();
            else if (TimeProvider.System.GetElapsedTime(lastWrite) >= settings.HeartbeatInterval)
            {
                await response.Body.WriteAsync(KeepAlive, ct);
                await response.Body.FlushAsync(ct);
                lastWrite = TimeProvider.System.GetTimestamp();
            }
        }
    }

    /// <summary>Every event after <paramref name="after"/> not sent yet, in id order: ids a page at a time (from the index alone),
    /// then the payloads of the new ones a batch at a time, so memory stays small however many there are.</summary>
    async Task<bool> SendAfterAsync(string after, CancellationToken ct)
    {
        var any = false;
        var cursor = after;
        while (true)
        {
            var ids = await Events().Where(e => e.Id.CompareTo(cursor) > 0).OrderBy(e => e.Id).Select(e => e.Id).Take(IdPage).ToListAsync(ct);
            foreach (var chunk in ids.Where(id => !_sent.Contains(id)).Chunk(PayloadBatch))
            {
                var batch = chunk.ToList();
                var events = await Events().Where(e => batch.Contains(e.Id)).OrderBy(e => e.Id)
                    .Select(e => new { e.Id, e.Type, e.Payload }).ToListAsync(ct);
                var text = new StringBuilder();
                foreach (var e in events)
                    // Payloads are JSON written without indentation: one line, so one data field.
                    text.Append("id: ").Append(e.Id).Append("\nevent: ").Append(e.Type).Append("\ndata: ").Append(e.Payload).Append("\n\n");
                await response.WriteAsync(text.ToString(), ct);
                await response.Body.FlushAsync(ct);
                _sent.UnionWith(batch);
                any |= events.Count > 0;
            }
            if (ids.Count < IdPage) return any;
            cursor = ids[^1];
        }
    }
}
