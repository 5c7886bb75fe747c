using System.Collections.Concurrent;
using System.Diagnostics;

namespace OpenCheckout.Bench;

sealed record LatencyResult(int Warmup, int Runs, Summary PayToDelivery, Summary PayRequest, int DeliveredBeforePayAnswered,
    int Arrivals, int DistinctEvents, int Duplicates, int SignatureFailures, int Malformed, bool EverySessionDeliveredOnce);

/// <summary>Part 1: one payment at a time, from just before the pay request to the moment the receiver has the
/// session's checkout.session.completed (read and verified). The endpoint subscribes to that type only.</summary>
static class LatencyRun
{
    public const string Path = "/latency";
    const string Completed = "checkout.session.completed";
    static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    public static async Task<LatencyResult> RunAsync(Api api, Receiver receiver, string priceId, int warmup, int runs, CancellationToken ct)
    {
        var (webhookId, secret) = await api.CreateWebhookAsync(receiver.UrlFor(Path), [Completed], ct);
        var sink = receiver.Add(Path, secret);
        var waiting = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        sink.OnArrival = a =>
        {
            if (a.EventType == Completed && a.SessionId is { } id && waiting.TryGetValue(id, out var done)) done.TrySetResult(a.Timestamp);
        };

        var sessions = new List<string>(warmup + runs);
        var delivery = new List<double>(runs);
        var pay = new List<double>(runs);
        var early = 0;
        for (var i = 0; i < warmup + runs; i++)
        {
            var sessionId = await api.CreateSessionAsync(priceId, ct);
            sessions.Add(sessionId);
            var delivered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[sessionId] = delivered;

            var t0 = Stopwatch.GetTimestamp();
            await api.PayAsync(sessionId, "{}", ct);
            var paid = Stopwatch.GetTimestamp();
            long t1;
            try
            {
                t1 = await delivered.Task.WaitAsync(DeliveryTimeout, ct);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"checkout.session.completed for {sessionId} did not reach the receiver within {DeliveryTimeout.TotalSeconds:0} s.");
            }
            waiting.TryRemove(sessionId, out _);
            if (i < warmup) continue;
            delivery.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            pay.Add(Stopwatch.GetElapsedTime(t0, paid).TotalMilliseconds);
            if (t1 < paid) early++;
        }

        // A late duplicate would show up here; then the endpoint goes, so the backlog phase has the server to itself.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await api.DeleteWebhookAsync(webhookId, ct);
        var arrivals = sink.Arrivals;
        var distinct = arrivals.Select(a => a.EventId).Distinct().Count();
        var perSession = arrivals.Where(a => a.EventType == Completed).GroupBy(a => a.SessionId).ToDictionary(g => g.Key!, g => g.Count());
        var everyOnce = perSession.Count == sessions.Count && sessions.All(s => perSession.GetValueOrDefault(s) == 1);
        return new LatencyResult(warmup, runs, Summary.Of(delivery), Summary.Of(pay), early, arrivals.Count, distinct,
            arrivals.Count - distinct, sink.SignatureFailures, sink.Malformed, everyOnce);
    }
}
