using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenCheckout.Server.Infrastructure.Telemetry;

/// <summary>The server's own traces and metrics (docs/operations.md). Nothing is labelled by account: a label per merchant
/// would grow without bound and tell one tenant's volume to whoever reads the metrics.</summary>
public sealed class CheckoutTelemetry : IDisposable
{
    public const string Name = "OpenCheckout";

    /// <summary>Spans for units of work, charges and webhook sends, children of the request's span (W3C traceparent).</summary>
    public static readonly ActivitySource Traces = new(Name);

    readonly Meter _meter;
    readonly Counter<long> _payments;
    readonly Counter<long> _deliveries;
    readonly Histogram<int> _batchSize;
    readonly Histogram<double> _writeWait;

    public CheckoutTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _payments = _meter.CreateCounter<long>("opencheckout.payments", "{payment}",
            "Payment attempts by outcome (succeeded, authorized, declined) and, for declines, the decline code.");
        _deliveries = _meter.CreateCounter<long>("opencheckout.webhook.deliveries", "{attempt}",
            "Webhook delivery attempts by result (succeeded, failed, gave_up).");
        _batchSize = _meter.CreateHistogram<int>("opencheckout.db.group_commit.batch_size", "{write}",
            "SQLite: writes committed together by one group commit.");
        _writeWait = _meter.CreateHistogram<double>("opencheckout.db.group_commit.wait", "ms",
            "SQLite: time from a write's arrival in the queue to its commit.");
    }

    public Meter Meter => _meter;

    public void Payment(string outcome, string? declineCode, bool testMode) =>
        _payments.Add(1, new("outcome", outcome), new("decline_code", declineCode ?? ""), new("mode", testMode ? "test" : "live"));

    public void Delivery(string result) => _deliveries.Add(1, new KeyValuePair<string, object?>("result", result));

    public void GroupCommitBatch(int writes) => _batchSize.Record(writes);

    public void GroupCommitWait(TimeSpan wait) => _writeWait.Record(wait.TotalMilliseconds);

    /// <summary>A unit of work's span, from the caller's start to its commit: none (and no cost) unless traces are collected.</summary>
    public static async Task<T> TracedUnitOfWork<T>(Func<Task<T>> run)
    {
        using var activity = Traces.StartActivity("db.unit_of_work");
        return await run();
    }

    public void Dispose() => _meter.Dispose();
}
