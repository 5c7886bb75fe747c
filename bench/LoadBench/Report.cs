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

/// <summary>What the run had besides measurements: the balancers' statistics, PostgreSQL's version and settings, and the
/// health check HAProxy used (GET /readyz, or GET /health where the server has no /readyz).</summary>
sealed record RunExtras(IReadOnlyList<BalancerStats> Balancers, PostgresInfo? Postgres, string? HealthCheck);

/// <summary>The tables (Markdown, so they paste into docs/performance.md), the targets of issue 5, and the JSON record.</summary>
sealed class Report
{
    // Which baseline run a scenario is compared with (same connections). The flow is compared on HTTP requests per second.
    // The keyed plugin create is compared with the baseline's POST of the same wrapped body (the baseline ignores the key).
    static readonly Dictionary<string, string> BaselineOf = new()
    {
        ["get"] = "get", ["list"] = "list", ["create"] = "create", ["plugin"] = "plugin", ["flow"] = "get",
    };

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
    readonly IReadOnlyList<TargetResult> _issue17;
    readonly RunExtras _extras;

    public Report(RunOptions options, IReadOnlyList<Measurement> measurements, IReadOnlyList<PhaseMemory> memory, IReadOnlyList<DatasetInfo> datasets,
        IReadOnlyList<FilterTiming> filters, string wrkVersion, DateTime started, DateTime finished, string? loadBefore, string? loadAfter,
        RunExtras extras)
    {
        _extras = extras;
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
            if (m.Target == Runner.Baseline) return m;
            var baseline = measurements.FirstOrDefault(b => b.Target == Runner.Baseline && b.Scenario == BaselineOf[m.Scenario] && b.Connections == m.Connections);
            if (baseline is null) return m;
            // Round i of a system ran in the same turn as round i of the baseline (the flow has no rounds).
            var rounds = m.Scenario != "flow" && m.RoundsRequestsPerSecond is { } mine && baseline.RoundsRequestsPerSecond is { } theirs && mine.Count == theirs.Count
                ? mine.Zip(theirs, (a, b) => Math.Round(a / b, 4)).ToList()
                : null;
            return m with
            {
                RatioToBaseline = Math.Round(m.RequestsPerSecond / baseline.RequestsPerSecond, 4),
                BaselineScenario = BaselineOf[m.Scenario],
                RoundRatiosToBaseline = rounds,
                WorstRoundRatioToBaseline = rounds?.Min(),
            };
        }).ToList();
        _growth = Growth();
        _targets = Targets();
        _issue17 = Issue17Targets();
    }

    /// <summary>A system's name in the tables: what is measured, and on what.</summary>
    public static string SystemName(string target) => target switch
    {
        Runner.Baseline => "baseline",
        RunOptions.Sqlite => "opencheckout, SQLite",
        RunOptions.Postgres => "opencheckout, PostgreSQL",
        RunOptions.Haproxy1 => "HAProxy → 1 node, PostgreSQL",
        RunOptions.Haproxy2 => "HAProxy → 2 nodes, PostgreSQL",
        _ => target,
    };

    /// <summary>A short label of a system and its data, for progress lines and the filter table.</summary>
    public static string TargetLabel(string target, string dataset) => target switch
    {
        Runner.Baseline => "baseline",
        RunOptions.Sqlite => $"SQLite {dataset}",
        RunOptions.Postgres => $"PostgreSQL {dataset}",
        RunOptions.Haproxy1 => "HAProxy+1 node",
        RunOptions.Haproxy2 => "HAProxy+2 nodes",
        _ => target,
    };

    public bool AnyErrors => _measurements.Any(m => m.Errors > 0 || m.Non2xx > 0);

    string Small => Label(_options.SmallSessions);
    string Large => Label(_options.LargeSessions);
    string PgDataset => Label(_options.PgSessions);

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
        if (_measurements.Any(m => m.RoundRatiosToBaseline is not null))
        {
            Console.Write(RoundsTable());
            Console.WriteLine();
        }
        if (_extras.Balancers.Count > 0)
        {
            Console.Write(BalancerTable());
            Console.WriteLine();
        }
        if (_extras.Postgres is { } pg)
            Console.WriteLine($"PostgreSQL {pg.Version}: fsync {pg.Fsync}, synchronous_commit {pg.SynchronousCommit}, full_page_writes " +
                              $"{pg.FullPageWrites}, shared_buffers {pg.SharedBuffers}, max_connections {pg.MaxConnections}." +
                              (_extras.HealthCheck is { } check && check != "/readyz"
                                  ? $" HAProxy checked GET {check}: the server does not answer GET /readyz." : "") + "\n");
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
        if (_targets.Count > 0)
        {
            Console.Write(TargetTable("target (issue 5)", _targets));
            Console.WriteLine();
        }
        if (_issue17.Count > 0)
        {
            Console.Write(TargetTable("target (issue 17, 64 connections, same run)", _issue17));
            Console.WriteLine();
        }
        Console.WriteLine($"Load average before {_loadBefore ?? "n/a"}, after {_loadAfter ?? "n/a"}; CPU is percent of one core ({Environment.ProcessorCount * 100} = all): " +
                          "'other' is time in processes other than the server and the load generator (other work on the machine, kernel threads), " +
                          "'irq' time in interrupts (mostly loopback networking); steal time is in the JSON.");
        if (AnyErrors) Console.WriteLine("Some runs had errors or non-2xx answers: their figures are not valid measurements.");
    }

    public string MarkdownTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| system | sessions | scenario | conns | req/s | p50 ms | p99 ms | p99.9 ms | errors | non-2xx | server peak RSS MB | CPU % server / client / other / irq | CPU % PG / HAProxy | CPU µs/req server / PG | vs baseline |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|");
        foreach (var m in _measurements)
        {
            var scenario = m.Scenario == "flow" ? $"flow ({m.FlowsPerSecond:N0} flows/s; latency per flow)" : ScenarioName(m.Scenario);
            var pg = m.Machine.DatabaseCpuPercent is { } d ? Invariant($"{d:0}") : "-";
            var proxy = m.Machine.ProxyCpuPercent is { } p ? Invariant($"{p:0}") : "-";
            var perRequest = m.DatabaseCpuUsPerRequest is { } dus ? Invariant($"{m.ServerCpuUsPerRequest:N0} / {dus:N0}") : Invariant($"{m.ServerCpuUsPerRequest:N0}");
            text.AppendLine(Invariant($"| {SystemName(m.Target)} | {m.Dataset} | {scenario} | {m.Connections} | {m.RequestsPerSecond:N0} | {m.P50Ms:0.00} | {m.P99Ms:0.00} | ") +
                             Invariant($"{m.P999Ms:0.00} | {m.Errors} | {m.Non2xx} | {m.Machine.ServerPeakRssMb:0} | ") +
                             Invariant($"{m.Machine.ServerCpuPercent:0} / {m.Machine.ClientCpuPercent:0} / {m.Machine.OtherCpuPercent:0} / {m.Machine.InterruptCpuPercent:0} | {pg} / {proxy} | {perRequest} | ") +
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
        text.AppendLine("| server process | sessions stored after | RSS after start MB | RSS after load MB | peak RSS (VmHWM) MB |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var m in _memory)
            text.AppendLine(Invariant($"| {m.Dataset} | {m.StoredSessionsAfter:N0} | {m.IdleRssMb:0} | {m.RssAfterLoadMb:0} | {m.PeakRssMb:0} |"));
        return text.ToString();
    }

    static string TargetTable(string title, IReadOnlyList<TargetResult> targets)
    {
        var text = new StringBuilder();
        text.AppendLine($"| {title} | measured | verdict |");
        text.AppendLine("|---|---|---|");
        foreach (var t in targets) text.AppendLine($"| {t.Target} | {t.Measured} | {t.Verdict} |");
        return text.ToString();
    }

    /// <summary>Each round's ratio to the baseline's window of the same turn, and the worst of them.</summary>
    string RoundsTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| system | sessions | scenario | conns | req/s by round | baseline req/s by round | ratio by round | worst round | ratio of the medians |");
        text.AppendLine("|---|---:|---|---:|---|---|---|---:|---:|");
        foreach (var m in _measurements.Where(m => m.RoundRatiosToBaseline is not null))
        {
            var baseline = _measurements.First(b => b.Target == Runner.Baseline && b.Scenario == BaselineOf[m.Scenario] && b.Connections == m.Connections);
            text.AppendLine(Invariant($"| {SystemName(m.Target)} | {m.Dataset} | {ScenarioName(m.Scenario)} | {m.Connections} | ") +
                            string.Join(" / ", m.RoundsRequestsPerSecond!.Select(r => r.ToString("N0", CultureInfo.InvariantCulture))) + " | " +
                            string.Join(" / ", baseline.RoundsRequestsPerSecond!.Select(r => r.ToString("N0", CultureInfo.InvariantCulture))) + " | " +
                            string.Join(" / ", m.RoundRatiosToBaseline!.Select(r => Times(r))) + " | " +
                            Times(m.WorstRoundRatioToBaseline!.Value) + " | " + Times(m.RatioToBaseline!.Value) + " |");
        }
        return text.ToString();
    }

    string BalancerTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| balancer | health check | node | state at the end | requests (whole run) | 2xx | connection errors | response errors | retries | redispatches |");
        text.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var b in _extras.Balancers)
        foreach (var n in b.Nodes)
            text.AppendLine(Invariant($"| {SystemName(b.Target)} | {b.HealthCheck} | {n.Node} | {n.Status} | {n.Requests:N0} | {n.Answers2xx:N0} | ") +
                            Invariant($"{n.ConnectionErrors} | {n.ResponseErrors} | {n.Retries} | {n.Redispatches} |"));
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

    /// <summary>The SQLite server on <paramref name="dataset"/>.</summary>
    Measurement? Find(string dataset, string scenario, int connections) => Find(RunOptions.Sqlite, dataset, scenario, connections);

    Measurement? Find(string target, string dataset, string scenario, int connections) =>
        _measurements.FirstOrDefault(m => m.Target == target && m.Dataset == dataset && m.Scenario == scenario && m.Connections == connections);

    IReadOnlyList<TargetResult> Targets()
    {
        if (!_options.Runs(RunOptions.Sqlite)) return [];
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

        var memory = _memory.Where(m => m.Dataset.StartsWith("SQLite", StringComparison.Ordinal)).ToList();
        if (memory.Count == 0) targets.Add(new TargetResult("peak RSS under load ≤ 250 MB", "not measured", null, "n/a"));
        else
        {
            var peak = memory.MaxBy(m => m.PeakRssMb)!;
            targets.Add(new TargetResult("peak RSS under load ≤ 250 MB",
                string.Join("; ", memory.Select(m => Invariant($"{m.PeakRssMb:0} MB ({m.Dataset})"))),
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

    /// <summary>Issue 17's targets, at 64 connections against the baseline in the same run: the verdict is on the median
    /// rounds' ratio, compared unrounded; every round's ratio and the worst are beside it.</summary>
    IReadOnlyList<TargetResult> Issue17Targets()
    {
        const int at = 64;
        var targets = new List<TargetResult>();
        if (_options.Runs(RunOptions.Postgres))
        {
            targets.Add(Ratio(RunOptions.Postgres, PgDataset, "get", 0.40, "PostgreSQL: GET session ≥ 0.40× the baseline's GET"));
            targets.Add(Ratio(RunOptions.Postgres, PgDataset, "create", 0.15, "PostgreSQL (fsync on): create session ≥ 0.15× the baseline's POST"));
            var p99 = new[] { "get", "create" }.Select(s => Find(RunOptions.Postgres, PgDataset, s, at)).OfType<Measurement>().ToList();
            if (p99.Count < 2) targets.Add(new TargetResult("PostgreSQL: p99 ≤ 15 ms for GET and create", "not measured at 64 connections", null, "n/a"));
            else
            {
                var worst = p99.MaxBy(m => m.P99Ms)!;
                targets.Add(new TargetResult("PostgreSQL: p99 ≤ 15 ms for GET and create",
                    string.Join("; ", p99.Select(m => Invariant($"{ScenarioName(m.Scenario)} {m.P99Ms:0.00} ms"))),
                    worst.P99Ms <= 15, worst.P99Ms <= 15 ? "met" : Invariant($"missed: {ScenarioName(worst.Scenario)} {worst.P99Ms:0.00} ms, {worst.P99Ms / 15:0.00}× the limit")));
            }
        }
        var onPostgres = _measurements.Where(m => m.Target is RunOptions.Postgres or RunOptions.Haproxy1 or RunOptions.Haproxy2).ToList();
        if (onPostgres.Count > 0)
        {
            var errors = onPostgres.Sum(m => m.Errors);
            var non2xx = onPostgres.Sum(m => m.Non2xx);
            targets.Add(new TargetResult("PostgreSQL and HAProxy runs: 0 errors", Invariant($"{errors} errors, {non2xx} non-2xx in {onPostgres.Count} measurements (all their rounds)"),
                errors + non2xx == 0, errors + non2xx == 0 ? "met" : "missed"));
        }
        if (_options.Runs(RunOptions.Sqlite))
        {
            targets.Add(Ratio(RunOptions.Sqlite, Small, "get", 0.60, "SQLite: GET session ≥ 0.60× the baseline's GET (no regression)"));
            targets.Add(Ratio(RunOptions.Sqlite, Small, "create", 0.27, "SQLite: create session ≥ 0.27× the baseline's POST (no regression)"));
            targets.Add(Ratio(RunOptions.Sqlite, Small, "plugin", 0.25, "SQLite: keyed create (Flex plugin) ≥ 0.25× the baseline's POST of the same body"));
        }
        return targets;

        TargetResult Ratio(string target, string dataset, string scenario, double needed, string name)
        {
            if (Find(target, dataset, scenario, at) is not { RatioToBaseline: not null } m)
                return new TargetResult(name, "not measured at 64 connections", null, "n/a");
            // Unrounded: the stored ratio has four decimals, and a verdict must not be decided by rounding.
            var baseline = _measurements.First(b => b.Target == Runner.Baseline && b.Scenario == BaselineOf[scenario] && b.Connections == at);
            var ratio = m.RequestsPerSecond / baseline.RequestsPerSecond;
            var rounds = m.RoundRatiosToBaseline is { } r
                ? $" (rounds {string.Join(" / ", r.Select(x => Times(x, needed)))}; worst round {Times(m.WorstRoundRatioToBaseline!.Value, needed)})"
                : "";
            var measured = Invariant($"{Times(ratio, needed)}: {m.RequestsPerSecond:N0} req/s, p99 {m.P99Ms:0.00} ms{rounds}");
            var met = ratio >= needed;
            var verdict = met
                ? m.WorstRoundRatioToBaseline is { } w && w < needed ? Invariant($"met (the worst round, {Times(w, needed)}, is below)") : "met"
                : Invariant($"missed by {Times(needed - ratio)} of the baseline ({ratio / needed * 100:0}% of the target; needs {needed / ratio:0.00}× that throughput)");
            return new TargetResult(name, measured, met, verdict);
        }
    }

    static string ScenarioName(string scenario) => scenario switch
    {
        "get" => "GET session",
        "list" => "list page (deep cursor)",
        "create" => "create session",
        "plugin" => "create session (Flex plugin)",
        "flow" => "full flow",
        _ => scenario,
    };

    /// <summary>A ratio as a multiple, to two decimals; three below 0.1, or where two would hide which side of a target's
    /// line it is.</summary>
    static string Times(double ratio, double? line = null) =>
        ratio < 0.1 || line is { } l && Math.Abs(ratio - l) < 0.005 ? Invariant($"{ratio:0.000}×") : Invariant($"{ratio:0.00}×");

    /// <summary>A ratio as a percentage, with a decimal below 10%.</summary>
    static string Percent(double ratio) => ratio < 0.1 ? Invariant($"{ratio * 100:0.0}%") : Invariant($"{ratio * 100:0}%");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public async Task WriteJsonAsync(string path, string repo, string[] args)
    {
        var result = new
        {
            Benchmark = "load: throughput, latency and memory under concurrent HTTP load, against a no-database baseline, on SQLite, PostgreSQL and HAProxy before PostgreSQL nodes",
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
                Systems = _options.Targets.Prepend(Runner.Baseline),
                _options.PgConnections,
                _options.PgSessions,
                Server = "artifacts/bin/OpenCheckout.Server/release/OpenCheckout.Server.dll, Production, SQLite file in a temp directory " +
                         "(WAL, synchronous=FULL, as the server configures it), its own process on 127.0.0.1",
                PostgresServer = "the same server with Database:Provider=Postgres on a throwaway PostgreSQL cluster (tests/Shared/PostgresCluster.cs, " +
                                 "durable: fsync on; 127.0.0.1), node1 migrating, node2 (haproxy2) with MigrateOnStart=false; sessions created through the API",
                Balancer = "HAProxy (" + Haproxy.Executable + " -db) with a temp copy of deploy/haproxy.cfg: unused server lines removed, a read-only stats socket added",
                PluginCreate = "the Flex WooCommerce plugin's wrapped body (1 line item by price, empty-string defaults, client_reference_id the order number), " +
                               "a new Idempotency-Key per request (run nonce, wrk thread, counter) so every request creates; the baseline gets the same body",
                Baseline = "artifacts/bin/BaselineApp/release/BaselineApp.dll: same host, wire types and source-generated JSON, no database, no auth",
                Seeding = $"sessions created evenly over the {Seeder.Window.TotalDays:0} days before the run (open if not yet expired, else expired), " +
                          "2 line items, client_reference_id and one metadata pair; written with Microsoft.Data.Sqlite in the server's formats",
            },
            Datasets = _datasets,
            Runs = _measurements,
            Growth = _growth,
            FilteredPages = _filters,
            ServerMemory = _memory,
            _extras.Postgres,
            Balancers = _extras.Balancers,
            HaproxyHealthCheck = _extras.HealthCheck,
            Targets = _targets,
            TargetsIssue17 = _issue17,
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
