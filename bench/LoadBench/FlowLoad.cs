using System.Diagnostics;
using System.Net.Http.Headers;

namespace OpenCheckout.Bench;

/// <summary>Flows completed by N concurrent C# workers, each running FlowBench's checkout flow back to back (a closed
/// loop, like wrk: a slow answer delays that worker's next flow, so latency is not corrected for coordinated omission).</summary>
sealed record FlowResult(long Flows, long Errors, long Unexpected, double Seconds, double P50Ms, double P90Ms, double P99Ms, double P999Ms,
    double MaxMs, double MeanMs, IReadOnlyList<string> FirstFailures)
{
    public const int RequestsPerFlow = 4;
}

static class FlowLoad
{
    public static async Task<FlowResult> RunAsync(Uri baseAddress, string apiKey, string priceId, int workers, TimeSpan duration, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = int.MaxValue,
        };
        using var buyer = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var api = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var flow = new CheckoutFlow(api, buyer, priceId);

        var failures = new List<string>();
        long errors = 0, unexpected = 0;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var times = new List<double>(1024);
            while (clock.Elapsed < duration)
            {
                try
                {
                    times.Add((await flow.RunAsync(ct)).Total);
                }
                catch (InvalidOperationException e) // an answer other than the one expected
                {
                    Interlocked.Increment(ref unexpected);
                    Remember(e);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    Interlocked.Increment(ref errors); // connection failure or 30 s timeout
                    Remember(e);
                }
            }
            return times;
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = results.SelectMany(t => t).Order().ToArray();
        if (all.Length == 0) return new FlowResult(0, errors, unexpected, seconds, 0, 0, 0, 0, 0, 0, failures);
        return new FlowResult(all.Length, errors, unexpected, seconds, Rank(all, 50), Rank(all, 90), Rank(all, 99), Rank(all, 99.9),
            Math.Round(all[^1], 3), Math.Round(all.Average(), 3), failures);

        void Remember(Exception e)
        {
            lock (failures)
                if (failures.Count < 3) failures.Add($"{e.GetType().Name}: {(e.Message.Length > 300 ? e.Message[..300] : e.Message)}");
        }
    }

    /// <summary>Nearest rank: the value at rank ceil(p/100 × n).</summary>
    static double Rank(double[] sorted, double percentile) =>
        Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)], 3);
}
