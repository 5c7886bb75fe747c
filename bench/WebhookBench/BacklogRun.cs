using System.Diagnostics;
using System.Text.Json;

namespace OpenCheckout.Bench;

sealed record BacklogResult
{
    public required int Sessions { get; init; }
    public required int PayParallelism { get; init; }
    public required double PayPhaseSeconds { get; init; }
    public required int Events { get; init; }
    public required SortedDictionary<string, int> EventsByType { get; init; }
    public required double MeanBodyBytes { get; init; }
    /// <summary>From the first to the last first attempt (each answered 500).</summary>
    public required double FirstAttemptsSeconds { get; init; }
    /// <summary>Retries delivered (answered 200) before the last first attempt, i.e. before the switch.</summary>
    public required int DeliveredBeforeSwitch { get; init; }
    /// <summary>The backlog: deliveries still pending when every event had failed once, all delivered after the switch.</summary>
    public required int Delivered { get; init; }
    /// <summary>From the first to the last successful delivery after the switch.</summary>
    public required double DrainSeconds { get; init; }
    public required double DeliveriesPerSecond { get; init; }
    /// <summary>When the last retry was due at the latest (last failure + 5 s + 10% jitter), counted from the switch.</summary>
    public required double AllDueAfterSwitchSeconds { get; init; }
    /// <summary>Every attempt (500 or 200), from the first to the last, per second.</summary>
    public required double WholeRunSeconds { get; init; }
    public required double WholeRunAttemptsPerSecond { get; init; }
    /// <summary>Per whole second since the first attempt: first attempts answered 500, attempts answered 200.</summary>
    public required int[] FailedPerSecond { get; init; }
    public required int[] DeliveredPerSecond { get; init; }
    public required int Arrivals { get; init; }
    public required int Duplicates { get; init; }
    public required int UnexpectedEvents { get; init; }
    public required int SignatureFailures { get; init; }
    public required int Malformed { get; init; }
    public required int ServerAttemptsRecorded { get; init; }
    /// <summary>Every event reached the receiver exactly twice (500, then 2xx), and the server recorded exactly that.</summary>
    public required bool ExactlyAsExpected { get; init; }
    public required List<string> Problems { get; init; }
    public required IReadOnlyList<byte[]> Bodies { get; init; }
}

/// <summary>Part 2: a backlog of due retries and how fast the server drains it. An endpoint subscribed to "*"
/// answers 500 to every first attempt while the sessions are paid (several at a time); each failed delivery is
/// rescheduled about 5 s later. Once every event has failed once (the switch) the receiver answers 200 to
/// everything, and the drain of what is still pending is timed from the first to the last successful delivery.
/// A retry that comes due before the switch is answered 200 too (failing it again would push it to the
/// schedule's 5-minute step); those are counted apart, as delivered before the switch.</summary>
static class BacklogRun
{
    public const string Path = "/backlog";
    static readonly TimeSpan FirstAttemptsTimeout = TimeSpan.FromMinutes(3);
    static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);
    static readonly TimeSpan RecordsTimeout = TimeSpan.FromMinutes(1);

    public static async Task<BacklogResult> RunAsync(Api api, Receiver receiver, string priceId, int sessions, int parallelism,
        CancellationToken ct)
    {
        var before = await api.AllEventsAsync(ct);
        var sessionIds = new List<string>(sessions);
        for (var i = 0; i < sessions; i++) sessionIds.Add(await api.CreateSessionAsync(priceId, ct));

        var (webhookId, secret) = await api.CreateWebhookAsync(receiver.UrlFor(Path), ["*"], ct);
        var sink = receiver.Add(Path, secret);
        sink.FailFirstAttempts = true;

        // A distinct email per payment: each one creates its customer, so every payment records five events.
        Console.WriteLine($"Backlog: paying {sessions} sessions, {parallelism} at a time; the receiver answers 500 to first attempts.");
        var payStart = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) => await api.PayAsync(sessionIds[i], $$"""{"email":"backlog-{{i}}@bench.example"}""", token));
        var payPhase = Stopwatch.GetElapsedTime(payStart).TotalSeconds;

        // Events are recorded in the payment's transaction: all exist once the last pay has answered.
        var after = await api.AllEventsAsync(ct);
        var expected = after.Where(e => !before.ContainsKey(e.Key)).ToDictionary(e => e.Key, e => e.Value);

        await WaitUntilAsync(() => sink.Arrivals.Select(a => a.EventId).ToHashSet().IsSupersetOf(expected.Keys), FirstAttemptsTimeout,
            $"Not every one of the {expected.Count} events reached the receiver once", ct);
        var switchedAt = Stopwatch.GetTimestamp();
        sink.FailFirstAttempts = false;
        Console.WriteLine($"Backlog: all {expected.Count} events failed once; the receiver now answers 200. Draining...");

        await WaitUntilAsync(() => sink.Arrivals.Where(a => a.Status == 200).Select(a => a.EventId).ToHashSet().IsSupersetOf(expected.Keys),
            DrainTimeout, "Not every event was delivered successfully", ct);

        // The server records an attempt after the answer: wait for its records, then a little longer for late duplicates.
        List<JsonElement> attempts = [];
        await WaitUntilAsync(async () =>
        {
            attempts = await api.AllAttemptsAsync(webhookId, ct);
            return attempts.Count(a => a.GetProperty("succeeded").GetBoolean()) >= expected.Count;
        }, RecordsTimeout, "The server did not record every successful attempt", ct, pollMs: 1000);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        attempts = await api.AllAttemptsAsync(webhookId, ct);

        var arrivals = sink.Arrivals;
        var problems = new List<string>();
        if (expected.Count != sessions * 5) problems.Add($"{expected.Count} events recorded for {sessions} payments, not {sessions * 5}.");
        var unexpected = arrivals.Where(a => !expected.ContainsKey(a.EventId)).Select(a => a.EventId).Distinct().Count();
        if (unexpected > 0) problems.Add($"{unexpected} event ids reached the receiver that the payments did not record.");
        foreach (var group in arrivals.Where(a => expected.ContainsKey(a.EventId)).GroupBy(a => a.EventId))
        {
            var statuses = group.OrderBy(a => a.Timestamp).Select(a => a.Status).ToList();
            if (statuses is not [500, 200]) problems.Add($"{group.Key} reached the receiver as [{string.Join(", ", statuses)}], not [500, 200].");
            if (group.First().EventType != expected[group.Key]) problems.Add($"{group.Key} arrived as {group.First().EventType}, recorded as {expected[group.Key]}.");
        }
        foreach (var group in attempts.GroupBy(a => a.GetProperty("event_id").GetString()!))
        {
            var recorded = group.OrderBy(a => a.GetProperty("attempt").GetInt32())
                .Select(a => a.GetProperty("succeeded").GetBoolean() ? "ok" : a.GetProperty("status_code").ToString()).ToList();
            if (recorded is not ["500", "ok"]) problems.Add($"The server recorded {group.Key} as [{string.Join(", ", recorded)}], not [500, ok].");
        }
        var recordedEvents = attempts.Select(a => a.GetProperty("event_id").GetString()!).ToHashSet();
        if (!recordedEvents.SetEquals(expected.Keys)) problems.Add("The server's attempt records do not name exactly the expected events.");
        if (sink.SignatureFailures > 0) problems.Add($"{sink.SignatureFailures} signature failures.");
        if (sink.Malformed > 0) problems.Add($"{sink.Malformed} malformed bodies.");

        var failures = arrivals.Where(a => a.Status == 500).OrderBy(a => a.Timestamp).ToList();
        var successes = arrivals.Where(a => a.Status == 200 && expected.ContainsKey(a.EventId))
            .GroupBy(a => a.EventId).Select(g => g.OrderBy(a => a.Timestamp).First()).OrderBy(a => a.Timestamp).ToList();
        var backlog = successes.Where(a => a.Timestamp >= switchedAt).ToList();
        if (backlog.Count < 2) throw new InvalidOperationException($"Only {backlog.Count} deliveries were left for after the switch: no backlog to time.");
        var drain = Stopwatch.GetElapsedTime(backlog[0].Timestamp, backlog[^1].Timestamp).TotalSeconds;
        var start = failures[0].Timestamp;
        var wholeRun = Stopwatch.GetElapsedTime(start, successes[^1].Timestamp).TotalSeconds;
        var distinct = arrivals.Select(a => a.EventId).Distinct().Count();

        return new BacklogResult
        {
            Sessions = sessions,
            PayParallelism = parallelism,
            PayPhaseSeconds = payPhase,
            Events = expected.Count,
            EventsByType = new SortedDictionary<string, int>(expected.Values.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            MeanBodyBytes = successes.Average(s => s.Body.Length),
            FirstAttemptsSeconds = Stopwatch.GetElapsedTime(start, failures[^1].Timestamp).TotalSeconds,
            DeliveredBeforeSwitch = successes.Count - backlog.Count,
            Delivered = backlog.Count,
            DrainSeconds = drain,
            DeliveriesPerSecond = (backlog.Count - 1) / drain,
            AllDueAfterSwitchSeconds = Stopwatch.GetElapsedTime(switchedAt, failures[^1].Timestamp).TotalSeconds + 5.5,
            WholeRunSeconds = wholeRun,
            WholeRunAttemptsPerSecond = (failures.Count + successes.Count - 1) / wholeRun,
            FailedPerSecond = PerSecond(failures, start, wholeRun),
            DeliveredPerSecond = PerSecond(successes, start, wholeRun),
            Arrivals = arrivals.Count,
            Duplicates = arrivals.Count - 2 * distinct,
            UnexpectedEvents = unexpected,
            SignatureFailures = sink.SignatureFailures,
            Malformed = sink.Malformed,
            ServerAttemptsRecorded = attempts.Count,
            ExactlyAsExpected = problems.Count == 0,
            Problems = problems,
            Bodies = successes.Select(s => s.Body).ToList(),
        };
    }

    static int[] PerSecond(List<Arrival> arrivals, long start, double seconds)
    {
        var buckets = new int[(int)Math.Floor(seconds) + 1];
        foreach (var a in arrivals) buckets[Math.Clamp((int)Math.Floor(Stopwatch.GetElapsedTime(start, a.Timestamp).TotalSeconds), 0, buckets.Length - 1)]++;
        return buckets;
    }

    static Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, string failure, CancellationToken ct) =>
        WaitUntilAsync(() => Task.FromResult(done()), timeout, failure, ct);

    static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string failure, CancellationToken ct, int pollMs = 50)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"{failure} within {timeout.TotalSeconds:0} s.");
            await Task.Delay(pollMs, ct);
        }
    }
}
