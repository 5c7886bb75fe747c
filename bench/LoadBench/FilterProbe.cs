using System.Diagnostics;
using System.Globalization;

namespace OpenCheckout.Bench;

/// <summary>One filter's pages on one database: latency of requests sent one at a time on one connection.</summary>
sealed record FilterTiming(string Dataset, string Filter, string Query, int Requests, double P50Ms, double P99Ms, double MaxMs, int Returned);

/// <summary>Filtered list pages (<c>?limit=10</c> plus each filter the endpoint has), timed on every seeded database before
/// the load, so only seeded sessions are stored. A filter that walks the account's sessions instead of seeking an index
/// grows with the database; the rarest match shows it most: no seeded session is complete.</summary>
static class FilterProbe
{
    const int Requests = 200;

    static IReadOnlyList<(string Filter, string Query)> Filters(PreparedDatabase db)
    {
        // A session a tenth of the way from the oldest: created[lte] of its second ends far from the newest sessions.
        var old = db.Seed.Sample.First(s => s.Index >= db.Seed.Rows / 10);
        var oldSecond = new DateTimeOffset(old.CreatedAt, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return
        [
            ("status=open", "status=open"),
            ("status=complete (none stored)", "status=complete"),
            ("status=expired", "status=expired"),
            ("created[lte] (oldest tenth)", "created%5Blte%5D=" + oldSecond),
            ("client_reference_id (one match)", "client_reference_id=order_" + old.Index.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    public static async Task<List<FilterTiming>> RunAsync(HttpClient http, string dataset, PreparedDatabase db, CancellationToken ct)
    {
        var timings = new List<FilterTiming>();
        foreach (var (filter, query) in Filters(db))
        {
            var path = "/v1/checkout/sessions?limit=10&" + query;
            var returned = 0;
            for (var i = 0; i < 3; i++) returned = await PageSizeAsync(http, path, ct); // warm: statement compiled, pages cached
            var ms = new List<double>(Requests);
            for (var i = 0; i < Requests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await PageSizeAsync(http, path, ct);
                ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var summary = Summary.Of(ms);
            var timing = new FilterTiming(dataset, filter, query, Requests, Math.Round(summary.Median, 2), Math.Round(summary.P99, 2),
                Math.Round(summary.Max, 2), returned);
            timings.Add(timing);
            Console.WriteLine($"  {dataset,-5} {filter,-32} p50 {timing.P50Ms,7:0.00}  p99 {timing.P99Ms,7:0.00} ms  ({returned} sessions a page)");
        }
        return timings;
    }

    static async Task<int> PageSizeAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var page = await Api.GetAsync(http, path, ct);
        return page.RootElement.GetProperty("checkout_sessions").GetArrayLength();
    }
}
