using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenCheckout.Bench;

sealed record GrowthRow(string Scenario, int Connections, string Small, string Large, double SmallP50Ms, double LargeP50Ms, double P50ChangePercent,
    double SmallP99Ms, double LargeP99Ms, double P99ChangePercent, double SmallRequestsPerSecond, double LargeRequestsPerSecond,
    double SmallServerCpuUsPerRequest, double LargeServerCpuUsPerRequest);

sealed record TargetResult(string Target, string Measured, bool? Met, string Verdict);

/// <summary>The tables (Markdown, so they paste into docs/performance.md), the targets of issue 5, and the JSON record.</summary>
sealed class Report
{
    // Which baseline run a scenario is compared with (same connections). The flow is compared on HTTP requests per second.
    static readonly Dictionary<string, string> BaselineOf = new() { ["get"] = "get", ["list"] = "list", ["create"] = "create", ["flow"] = "get" };

    readonly RunOptions _options;
    readonly IReadOnlyList<Measurement> _measurements;
    readonly IReadOnlyList<PhaseMemory> _memory;
    readonly IReadOnlyList<DatasetInfo> _datasets;
    readonly IReadOnlyList<FilterTiming> _filters;
    readonly string _wrkVersion;
    readonly DateTime _started, _finished;
    readonly string? _loadBefore, _loadAfter;
    readonly IReadOnlyList<GrowthRow> _growth;
    readonly IReadOnlyList<TargetResult> _targets;

    public Report(RunOptions options, IReadOnlyList<Measurement> measurements, IReadOnlyList<PhaseMemory> memory, IReadOnlyList<DatasetInfo> datasets,
        IReadOnlyList<FilterTiming> filters, string wrkVersion, DateTime started, DateTime finished, string? loadBefore, string? loadAfter)
    {
        _options = options;
        _memory = memory;
        _datasets = datasets;
        _filters = filters;
        _wrkVersion = wrkVersion;
        _started = started;
        _finished = finished;
        _loadBefore = loadBefore;
        _loadAfter = loadAfter;
        _measurements = measurements.Select(m =>
        {
            if (m.System == Runner.Baseline) return m;
            var baseline = measurements.FirstOrDefault(b => b.System == Runner.Baseline && b.Scenario == BaselineOf[m.Scenario] && b.Connections == m.Connections);
            return baseline is null ? m : m with
            {
                RatioToBaseline = Math.Round(m.RequestsPerSecond / baseline.RequestsPerSecond, 3),
                BaselineScenario = BaselineOf[m.Scenario],
            };
        }).ToList();
        _growth = Growth();
        _targets = Targets();
    }

    public bool AnyErrors => _measurements.Any(m => m.Errors > 0 || m.Non2xx > 0);

    string Small => Label(_options.SmallSessions);
    string Large => Label(_options.LargeSessions);

    public static string Label(long sessions) => sessions switch
    {
        >= 1_000_000 when sessions % 1_000_000 == 0 => $"{sessions / 1_000_000}M",
        >= 1_000 when sessions % 1_000 == 0 => $"{sessions / 1_000}k",
        _ => sessions.ToString("N0", CultureInfo.InvariantCulture),
    };

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"Client and server share this machine's {Environment.ProcessorCount} logical cores. wrk's latency is closed-loop and " +
                          "not corrected for coordinated omission; so is the C# flow workers'.");
        if (_options.Rounds > 1)
            Console.WriteLine($"Each wrk row is the median of {_options.Rounds} rounds by req/s (the rounds ran in turns across the systems); " +
                              "the flow ran once.");
        Console.WriteLine();
        Console.Write(MarkdownTable());
        Console.WriteLine();
        if (_growth.Count > 0)
        {
            Console.Write(GrowthTable());
            Console.WriteLine();
        }
        if (_filters.Count > 0)
        {
            Console.Write(FilterTable());
            Console.WriteLine();
        }
        Console.Write(MemoryTable());
        Console.WriteLine();
        Console.Write(TargetTable());
        Console.WriteLine();
        Console.WriteLine($"Load average before {_loadBefore ?? "n/a"}, after {_loadAfter ?? "n/a"}; CPU is percent of one core ({Environment.ProcessorCount * 100} = all): " +
                          "'other' is time in processes other than the server and the load generator (other work on the machine, kernel threads), " +
                          "'irq' time in interrupts (mostly loopback networking); steal time is in the JSON.");
        if (AnyErrors) Console.WriteLine("Some runs had errors or non-2xx answers: their figures are not valid measurements.");
    }

    public string MarkdownTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| system | sessions | scenario | conns | req/s | p50 ms | p99 ms | p99.9 ms | errors | non-2xx | server peak RSS MB | CPU % server / client / other / irq | server CPU µs/req | vs baseline |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var m in _measurements)
        {
            var scenario = m.Scenario == "flow" ? $"flow ({m.FlowsPerSecond:N0} flows/s; latency per flow)" : ScenarioName(m.Scenario);
            text.AppendLine(Invariant($"| {m.System} | {m.Dataset} | {scenario} | {m.Connections} | {m.RequestsPerSecond:N0} | {m.P50Ms:0.00} | {m.P99Ms:0.00} | ") +
                             Invariant($"{m.P999Ms:0.00} | {m.Errors} | {m.Non2xx} | {m.Machine.ServerPeakRssMb:0} | ") +
                             Invariant($"{m.Machine.ServerCpuPercent:0} / {m.Machine.ClientCpuPercent:0} / {m.Machine.OtherCpuPercent:0} / {m.Machine.InterruptCpuPercent:0} | {m.ServerCpuUsPerRequest:N0} | ") +
                             Invariant($"{(m.RatioToBaseline is { } r ? $"{Percent(r)}{(m.Scenario == "flow" ? " of GET" : "")}" : "")} |"));
        }
        return text.ToString();
    }

    string GrowthTable()
    {
        var text = new StringBuilder();
        text.AppendLine($"| scenario | conns | p50 ms {Small} | p50 ms {Large} | change | p99 ms {Small} | p99 ms {Large} | change | req/s {Small} | req/s {Large} | server CPU µs/req {Small} | {Large} |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in _growth)
            text.AppendLine(Invariant($"| {ScenarioName(g.Scenario)} | {g.Connections} | {g.SmallP50Ms:0.00} | {g.LargeP50Ms:0.00} | {g.P50ChangePercent:+0;-0}% | ") +
                             Invariant($"{g.SmallP99Ms:0.00} | {g.LargeP99Ms:0.00} | {g.P99ChangePercent:+0;-0}% | {g.SmallRequestsPerSecond:N0} | {g.LargeRequestsPerSecond:N0} | ") +
                             Invariant($"{g.SmallServerCpuUsPerRequest:N0} | {g.LargeServerCpuUsPerRequest:N0} |"));
        return text.ToString();
    }

    /// <summary>One row per filter, a p50 / p99 column pair per database.</summary>
    string FilterTable()
    {
        var datasets = _filters.Select(f => f.Dataset).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine($"| filtered list page (limit=10, one request at a time, {_filters[0].Requests} each) | " +
                        string.Join(" | ", datasets.Select(d => $"p50 / p99 ms {d}")) + " | sessions a page |");
        text.AppendLine("|---|" + string.Concat(datasets.Select(_ => "---:|")) + "---:|");
        foreach (var filter in _filters.Select(f => f.Filter).Distinct())
        {
            var rows = datasets.Select(d => _filters.First(f => f.Dataset == d && f.Filter == filter)).ToList();
            text.AppendLine($"| {filter} | " + string.Join(" | ", rows.Select(r => Invariant($"{r.P50Ms:0.00} / {r.P99Ms:0.00}"))) +
                            $" | {string.Join(" / ", rows.Select(r => r.Returned))} |");
        }
        return text.ToString();
    }

    string MemoryTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| server phase | sessions stored after | RSS after start MB | RSS after load MB | peak RSS (VmHWM) MB |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var m in _memory)
            text.AppendLine(Invariant($"| {m.Dataset} sessions seeded | {m.StoredSessionsAfter:N0} | {m.IdleRssMb:0} | {m.RssAfterLoadMb:0} | {m.PeakRssMb:0} |"));
        return text.ToString();
    }

    string TargetTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| target (issue 5) | measured | verdict |");
        text.AppendLine("|---|---|---|");
        foreach (var t in _targets) text.AppendLine($"| {t.Target} | {t.Measured} | {t.Verdict} |");
        return text.ToString();
    }

    IReadOnlyList<GrowthRow> Growth()
    {
        var rows = new List<GrowthRow>();
        foreach (var scenario in new[] { "get", "list", "create" })
        foreach (var connections in _options.Connections)
        {
            var small = Find(Small, scenario, connections);
            var large = Find(Large, scenario, connections);
            if (small is null || large is null || Small == Large) continue;
            rows.Add(new GrowthRow(scenario, connections, Small, Large, small.P50Ms, large.P50Ms, Change(small.P50Ms, large.P50Ms),
                small.P99Ms, large.P99Ms, Change(small.P99Ms, large.P99Ms), small.RequestsPerSecond, large.RequestsPerSecond,
                small.ServerCpuUsPerRequest, large.ServerCpuUsPerRequest));
        }
        return rows;

        static double Change(double from, double to) => Math.Round(100 * (to - from) / Math.Max(from, 1e-9), 1);
    }

    Measurement? Find(string dataset, string scenario, int connections) =>
        _measurements.FirstOrDefault(m => m.System == Runner.OpenCheckout && m.Dataset == dataset && m.Scenario == scenario && m.Connections == connections);

    IReadOnlyList<TargetResult> Targets()
    {
        var targets = new List<TargetResult>
        {
            Throughput("get", 0.50, "GET session ≥ 50% of the baseline's GET throughput"),
            Throughput("create", 0.25, "create session ≥ 25% of the baseline's POST throughput"),
        };

        const int at = 64;
        var p99 = new[] { "get", "list", "create" }.Select(s => Find(Small, s, at)).OfType<Measurement>().ToList();
        if (p99.Count == 0) targets.Add(new TargetResult("p99 ≤ 10 ms at 64 connections", "not measured (64 not in --connections)", null, "n/a"));
        else
        {
            var worst = p99.MaxBy(m => m.P99Ms)!;
            targets.Add(new TargetResult("p99 ≤ 10 ms at 64 connections",
                string.Join("; ", p99.Select(m => Invariant($"{ScenarioName(m.Scenario)} {m.P99Ms:0.0} ms"))) + $" ({Small} sessions)",
                worst.P99Ms <= 10, worst.P99Ms <= 10 ? "met" : Invariant($"missed: {ScenarioName(worst.Scenario)} is {worst.P99Ms / 10:0.0}× the limit")));
        }

        var flat = _growth.Where(g => g.Scenario is "get" or "list" && g.Connections == at).ToList();
        if (flat.Count == 0)
            targets.Add(new TargetResult($"GET and cursor-page latency within 20% from {Small} to {Large}", "not measured", null, "n/a"));
        else
        {
            var worst = flat.Max(g => Math.Max(g.P50ChangePercent, g.P99ChangePercent));
            targets.Add(new TargetResult($"GET and cursor-page latency within 20% from {Small} to {Large} (64 connections, p50 and p99)",
                string.Join("; ", flat.Select(g => Invariant($"{ScenarioName(g.Scenario)} p50 {g.P50ChangePercent:+0;-0}%, p99 {g.P99ChangePercent:+0;-0}%"))),
                worst <= 20, worst <= 20 ? "met" : Invariant($"missed by {worst - 20:0} percentage points (worst change {worst:+0}%)")));
        }

        if (_memory.Count == 0) targets.Add(new TargetResult("peak RSS under load ≤ 250 MB", "not measured", null, "n/a"));
        else
        {
            var peak = _memory.MaxBy(m => m.PeakRssMb)!;
            targets.Add(new TargetResult("peak RSS under load ≤ 250 MB",
                string.Join("; ", _memory.Select(m => Invariant($"{m.PeakRssMb:0} MB with {m.Dataset} sessions"))),
                peak.PeakRssMb <= 250, peak.PeakRssMb <= 250 ? "met" : Invariant($"missed by {peak.PeakRssMb - 250:0} MB ({peak.PeakRssMb / 250:0.00}× the limit)")));
        }
        return targets;

        TargetResult Throughput(string scenario, double needed, string name)
        {
            var runs = _options.Connections.Select(c => Find(Small, scenario, c)).OfType<Measurement>().Where(m => m.RatioToBaseline is not null).ToList();
            if (runs.Count == 0) return new TargetResult(name, "not measured", null, "n/a");
            var measured = string.Join("; ", runs.Select(m => Invariant($"{m.Connections} conns: {Percent(m.RatioToBaseline!.Value)}")));
            var worst = runs.MinBy(m => m.RatioToBaseline)!;
            var met = runs.All(m => m.RatioToBaseline >= needed);
            return new TargetResult(name, measured, met, met ? "met at every concurrency"
                : Invariant($"missed: at worst {Percent(worst.RatioToBaseline!.Value)} ({worst.Connections} conns); needs {needed / worst.RatioToBaseline:0.0}× that throughput"));
        }
    }

    static string ScenarioName(string scenario) => scenario switch
    {
        "get" => "GET session",
        "list" => "list page (deep cursor)",
        "create" => "create session",
        "flow" => "full flow",
        _ => scenario,
    };

    /// <summary>A ratio as a percentage, with a decimal below 10%.</summary>
    static string Percent(double ratio) => ratio < 0.1 ? Invariant($"{ratio * 100:0.0}%") : Invariant($"{ratio * 100:0}%");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public async Task WriteJsonAsync(string path, string repo, string[] args)
    {
        var result = new
        {
            Benchmark = "load: throughput, latency and memory under concurrent HTTP load, against a no-database baseline",
            Command = "dotnet run -c Release --project bench/LoadBench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""),
            StartedAtUtc = _started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            FinishedAtUtc = _finished.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            GitCommit = BenchEnvironment.Git(repo, "rev-parse HEAD"),
            GitWorkingTreeClean = BenchEnvironment.GitWorkingTreeClean(repo),
            Machine = BenchEnvironment.Machine(_loadBefore, _loadAfter,
                $"Client (wrk or the C# flow workers) and server run on the same machine and share its {Environment.ProcessorCount} cores; " +
                "other processes were not stopped: see each run's machine.other_cpu_percent."),
            LoadGenerator = new
            {
                Wrk = _wrkVersion,
                WrkThreads = $"min({Environment.ProcessorCount}, connections)",
                Latency = "closed loop: each connection sends its next request when the previous answer arrives; NOT corrected for " +
                          "coordinated omission, so tails under saturation are understated. Percentiles from wrk --latency (its Lua done() hook).",
                Errors = "socket errors (connect, read, write) and timeouts (10 s); non_2xx is wrk's count of answers with status >= 400 " +
                         "(each route is first checked to answer 200 with the expected body); for the flow, any answer the flow does not expect.",
                Flow = "N C# workers each running FlowBench's CheckoutFlow back to back over one SocketsHttpHandler; latency per whole flow (4 requests).",
            },
            Settings = new
            {
                _options.Quick,
                _options.DurationSeconds,
                _options.WarmupSeconds,
                _options.Rounds,
                RoundsNote = "with more than one round, each run below is the round with the median req/s (its latencies and CPU " +
                             "are that window's); rounds_requests_per_second lists every round, and errors/non_2xx sum all rounds",
                _options.Connections,
                _options.SmallSessions,
                _options.LargeSessions,
                Server = "artifacts/bin/OpenCheckout.Server/release/OpenCheckout.Server.dll, Production, SQLite file in a temp directory " +
                         "(WAL, synchronous=FULL, as the server configures it), its own process on 127.0.0.1",
                Baseline = "artifacts/bin/BaselineApp/release/BaselineApp.dll: same host, wire types and source-generated JSON, no database, no auth",
                Seeding = $"sessions created evenly over the {Seeder.Window.TotalDays:0} days before the run (open if not yet expired, else expired), " +
                          "2 line items, client_reference_id and one metadata pair; written with Microsoft.Data.Sqlite in the server's formats",
            },
            Datasets = _datasets,
            Runs = _measurements,
            Growth = _growth,
            FilteredPages = _filters,
            ServerMemory = _memory,
            Targets = _targets,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people to read, never embedded in HTML
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        }) + "\n");
    }
}
