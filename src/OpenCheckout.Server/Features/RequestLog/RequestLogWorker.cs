using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Telemetry;

namespace OpenCheckout.Server.Features.RequestLog;

/// <summary>A request as the middleware hands it over: no id yet (made off the request path, by the writer).</summary>
public readonly record struct LoggedRequest(string AccountId, bool TestMode, DateTimeOffset At, string Method, string Path, int Status,
    string? RequestId, int LatencyMs);

/// <summary>Writes the request log off the request path: requests wait in a bounded in-memory queue, and this worker writes
/// them once a second, in units of work of up to <see cref="BatchSize"/> rows sent together, so on SQLite they share one
/// commit (and its fsync) with each other and with the API's own writes. A full queue drops the request's row and counts it:
/// the API request itself is never made to wait or fail for its log. Each node writes what it served; rows still queued at
/// shutdown are written on the way down.</summary>
public sealed class RequestLogWorker : BackgroundService
{
    public const int BatchSize = 500;
    /// <summary>How long a row may wait for its batch. Real time, not the injected clock: it paces writes, it decides nothing.</summary>
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);

    readonly Channel<LoggedRequest> _queue;
    readonly SemaphoreSlim _writing = new(1, 1);
    readonly IUnitOfWork _writes;
    readonly IRequestLogRows _rows;
    readonly ILogger<RequestLogWorker> _log;
    long _dropped;
    long _droppedReported;

    public RequestLogWorker(IUnitOfWork writes, IRequestLogRows rows, IOptions<OpenCheckoutOptions> options, CheckoutTelemetry telemetry,
        ILogger<RequestLogWorker> log)
    {
        (_writes, _rows, _log) = (writes, rows, log);
        _queue = Channel.CreateBounded<LoggedRequest>(new BoundedChannelOptions(Math.Max(1, options.Value.RequestLog.QueueCapacity))
        {
            // With Wait, TryWrite answers false when the queue is full (DropWrite would claim success): the row is dropped here.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false, // the loop and an explicit flush (shutdown, tests) both read, one at a time under _writing
            SingleWriter = false,
        });
        telemetry.Meter.CreateObservableCounter("opencheckout.request_log.dropped", () => Interlocked.Read(ref _dropped), "{request}",
            "API requests left out of the request log because its queue was full.");
    }

    /// <summary>Rows dropped since start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Never blocks: a full queue drops the row.</summary>
    public void Enqueue(in LoggedRequest request)
    {
        if (!_queue.Writer.TryWrite(request)) Interlocked.Increment(ref _dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Once a second at most, however busy: on SQLite every commit makes each reader's connection drop its page cache,
            // so frequent small commits would slow reads that never touch the log (docs/performance.md, "Request log on and off").
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(FlushEvery, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None); // what is still queued, on the way down
    }

    /// <summary>Writes everything queued so far, in units of work of up to <see cref="BatchSize"/> rows sent together (on SQLite
    /// the group commit takes them into one transaction: one commit); returns the rows written. A batch that fails is logged
    /// and dropped (counted), so a database that is away cannot make the queue, or memory, grow without bound.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            var writes = new List<Task<int>>();
            while (true)
            {
                var batch = new List<LoggedRequest>(BatchSize);
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var request)) batch.Add(request);
                if (batch.Count == 0) break;
                writes.Add(WriteAsync(batch));
            }
            var written = (await Task.WhenAll(writes)).Sum();
            var dropped = Interlocked.Read(ref _dropped);
            if (dropped != _droppedReported)
            {
                _log.LogWarning("The request log dropped {Count} rows ({Total} since start): its queue was full or a write failed.",
                    dropped - _droppedReported, dropped);
                _droppedReported = dropped;
            }
            return written;
        }
        finally
        {
            _writing.Release();
        }
    }

    async Task<int> WriteAsync(List<LoggedRequest> batch)
    {
        try
        {
            var rows = batch.Select(r => new RequestLogEntry
            {
                Id = ObjectId.New(RequestLogEntry.IdPrefix, r.At),
                AccountId = r.AccountId,
                TestMode = r.TestMode,
                At = r.At.UtcDateTime,
                Method = r.Method,
                Path = r.Path,
                Status = r.Status,
                RequestId = r.RequestId,
                LatencyMs = r.LatencyMs,
            }).ToList();
            return await _writes.RunAsync((db, _) =>
            {
                _rows.Add(db, rows);
                return Task.FromResult(rows.Count);
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            _log.LogWarning(e, "Could not write {Count} rows of the request log; they are dropped.", batch.Count);
            return 0;
        }
    }
}
