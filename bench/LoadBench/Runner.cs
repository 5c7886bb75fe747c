using System.Runtime.InteropServices;

namespace OpenCheckout.Bench;

/// <summary>One measured run of one scenario at one concurrency. Latency is per request, except for the flow, where it is
/// per whole flow (4 requests). Errors are socket errors and timeouts; Non2xx counts answers of 400 or more (wrk) or, for
/// the flow, any answer other than the one the flow expects.</summary>
sealed record Measurement(
    string System,
    string Dataset,
    long StoredSessions,
    string Scenario,
    string Request,
    int Connections,
    string Generator,
    double Seconds,
    long Requests,
    double RequestsPerSecond,
    double? FlowsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MeanMs,
    long Errors,
    long Non2xx,
    IReadOnlyList<string>? Failures,
    MachineUse Machine)
{
    /// <summary>The server's CPU time per HTTP request: less sensitive than throughput to what else runs on the machine.</summary>
    public double ServerCpuUsPerRequest => Math.Round(Machine.ServerCpuSeconds * 1e6 / Math.Max(1, Requests), 1);

    /// <summary>With more than one round: each round's throughput, in the order run; the record is the median round.</summary>
    public IReadOnlyList<double>? RoundsRequestsPerSecond { get; init; }

    public double? RatioToBaseline { get; init; }
    public string? BaselineScenario { get; init; }
}

/// <summary>The server's memory in one phase: after start and the API checks (before load), after the load, and its peak.</summary>
sealed record PhaseMemory(string Dataset, long StoredSessionsAfter, double IdleRssMb, double RssAfterLoadMb, double PeakRssMb);

sealed record DatasetInfo(string Label, int SeededSessions, double SeedSeconds, double SeedRowsPerSecond, double DatabaseMb,
    int SessionsCheckedThroughApi, IReadOnlyList<string> ColumnsCopiedUnknown);

/// <summary>A system under load in this run, with the requests it is sent and the sessions it holds.</summary>
sealed class Target(string system, string dataset, AppProcess app, Dictionary<string, (HttpScenario Scenario, string Script)> scripts,
    PreparedDatabase? database)
{
    public string System => system;
    public string Dataset => dataset;
    public AppProcess App => app;
    public Dictionary<string, (HttpScenario Scenario, string Script)> Scripts => scripts;
    public PreparedDatabase? Database => database;
    public HttpClient Http { get; } = Api.Client(app.BaseAddress, database?.TestKey);
    /// <summary>Sessions stored, counted from the database at start plus the 2xx answers to creates and flows since.</summary>
    public long Stored { get; set; }
    public long IdleRss { get; set; }
}

sealed class Runner(RunOptions options, string serverDll, string baselineDll, string tempRoot, string wrk, string wrkVersion)
{
    public const string Baseline = "baseline";
    public const string OpenCheckout = "opencheckout";

    readonly List<Measurement> _measurements = [];
    readonly List<PhaseMemory> _memory = [];
    readonly List<DatasetInfo> _datasets = [];
    readonly List<FilterTiming> _filters = [];
    readonly DateTime _started = DateTime.UtcNow;
    readonly string? _loadBefore = BenchEnvironment.LoadAverage();
    TimeSpan Duration => TimeSpan.FromSeconds(options.DurationSeconds);
    TimeSpan Warmup => TimeSpan.FromSeconds(options.WarmupSeconds);
    int WarmupConnections => options.Connections[options.Connections.Count / 2];

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        Console.WriteLine($"LoadBench on {Environment.ProcessorCount} logical cores ({BenchEnvironment.CpuModel() ?? "unknown CPU"}), " +
                          $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average {_loadBefore ?? "n/a"}.");
        Console.WriteLine($"Client and server share these {Environment.ProcessorCount} cores: the load generator's CPU is taken from the server's.");
        Console.WriteLine($"Load generator: {wrkVersion}, closed loop (--latency, min({Environment.ProcessorCount}, connections) threads); " +
                          "its latency is NOT corrected for coordinated omission. Full flow: C# workers, also closed loop.");
        Console.WriteLine($"Each scenario: {options.WarmupSeconds} s warm-up at {WarmupConnections} connections per system, then " +
                          $"{options.DurationSeconds} s at each of {string.Join(", ", options.Connections)} connections" +
                          (options.Rounds > 1 ? $", {options.Rounds} rounds in turns (the median is kept)." : "."));

        Console.WriteLine($"\n[1/2] Preparing the server databases");
        var small = await PrepareAsync(options.SmallSessions, ct);
        var large = options.Growth ? await PrepareAsync(options.LargeSessions, ct) : null;

        // All systems run side by side and are measured in turns, scenario by scenario and concurrency by concurrency, so
        // the ratios to the baseline and the 10k-to-1M changes compare runs that met the same background load on a shared
        // machine. An idle system costs next to nothing (the server's workers wake every few seconds).
        Console.WriteLine($"\n[2/2] Measuring in turns: baseline (bench/BaselineApp, no database), OpenCheckout on SQLite with " +
                          string.Join(" and ", new[] { small, large }.OfType<PreparedDatabase>().Select(d => Report.Label(d.Seed.Rows))) + " sessions");
        var targets = new List<Target>();
        try
        {
            var smallScripts = WriteScripts(small);
            targets.Add(new Target(Baseline, "-", AppProcess.StartBaseline(baselineDll, tempRoot), smallScripts, null));
            targets.Add(new Target(OpenCheckout, Report.Label(small.Seed.Rows), AppProcess.StartServer(serverDll, tempRoot, small.Path, small.TestKey),
                smallScripts, small));
            if (large is not null)
                targets.Add(new Target(OpenCheckout, Report.Label(large.Seed.Rows), AppProcess.StartServer(serverDll, tempRoot, large.Path, large.TestKey),
                    WriteScripts(large), large));
            foreach (var target in targets) await StartAsync(target, ct);
            Console.WriteLine("  Filtered list pages, one request at a time, before any load:");
            foreach (var target in targets.Where(t => t.Database is not null))
                _filters.AddRange(await FilterProbe.RunAsync(target.Http, target.Dataset, target.Database!, ct));
            await MeasureAsync(targets, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException && targets.Count > 0)
        {
            throw new InvalidOperationException(e.Message + string.Concat(targets.Select(t =>
                $"\n{t.System} {t.Dataset} output (last lines):\n{t.App.OutputTail()}")), e);
        }
        finally
        {
            foreach (var target in targets)
            {
                target.Http.Dispose();
                await target.App.DisposeAsync();
            }
        }
        if (large is not null) File.Delete(large.Path); // a gigabyte or so; the temp directory goes at the end anyway
        return new Report(options, _measurements, _memory, _datasets, _filters, wrkVersion, _started, DateTime.UtcNow, _loadBefore, BenchEnvironment.LoadAverage());
    }

    async Task<PreparedDatabase> PrepareAsync(int sessions, CancellationToken ct)
    {
        var label = Report.Label(sessions);
        var prepared = await Datasets.PrepareAsync(serverDll, tempRoot, Path.Combine(tempRoot, $"sessions-{label}.db"), TestKeys.New(), sessions,
            Console.WriteLine, ct);
        _datasets.Add(new DatasetInfo(label, sessions, Math.Round(prepared.Seed.Seconds, 2), Math.Round(prepared.Seed.RowsPerSecond),
            Math.Round(new FileInfo(prepared.Path).Length / (1024.0 * 1024.0), 1), 0, prepared.Seed.ColumnsCopiedUnknown));
        return prepared;
    }

    /// <summary>GET over the sampled seeded ids; pages after cursors 85–95% deep; create with the catalog's two prices.</summary>
    Dictionary<string, (HttpScenario Scenario, string Script)> WriteScripts(PreparedDatabase db)
    {
        var directory = Directory.CreateDirectory(Path.Combine(tempRoot, $"lua-{Report.Label(db.Seed.Rows)}")).FullName;
        var scenarios = new[]
        {
            new HttpScenario("get", "GET /v1/checkout/sessions/{id}", "GET",
                db.Seed.Sample.Select(s => $"/v1/checkout/sessions/{s.Id}").ToList()),
            new HttpScenario("list", "GET /v1/checkout/sessions?limit=10&starting_after=(deep)", "GET",
                db.Seed.DeepCursors().Select(c => $"/v1/checkout/sessions?limit=10&starting_after={c}").ToList()),
            new HttpScenario("create", "POST /v1/checkout/sessions (2 line items)", "POST", ["/v1/checkout/sessions"], db.Catalog.CreateSessionBody()),
        };
        return scenarios.ToDictionary(s => s.Key, s => (s, Wrk.WriteScript(directory, s, db.TestKey)));
    }

    /// <summary>Waits for the system; for a server also for its key, then reads seeded sessions back through the API.</summary>
    async Task StartAsync(Target target, CancellationToken ct)
    {
        await target.App.WaitUntilHealthyAsync(target.Http, TimeSpan.FromSeconds(60), ct);
        if (target.Database is not { } db) return;
        await target.App.WaitUntilKeyAcceptedAsync(target.Http, TimeSpan.FromSeconds(30), ct);
        var checkedCount = await Datasets.VerifyThroughApiAsync(target.Http, db, ct);
        Console.WriteLine($"  {target.Dataset}: checked {checkedCount} seeded sessions and a deep cursor page through the API: all as seeded.");
        var index = _datasets.FindIndex(d => d.Label == target.Dataset);
        _datasets[index] = _datasets[index] with { SessionsCheckedThroughApi = checkedCount };
        target.Stored = Seeder.CountSessions(db.Path);
        target.IdleRss = Proc.Memory(target.App.ProcessId)?.Rss ?? 0;
    }

    async Task MeasureAsync(List<Target> targets, CancellationToken ct)
    {
        foreach (var key in new[] { "get", "list", "create" })
        {
            foreach (var target in targets)
            {
                var (scenario, script) = target.Scripts[key];
                await PreCheckAsync(target.Http, scenario, ct);
                if (key == "create" && target.Database is not null) target.Stored++;
                if (options.WarmupSeconds > 0) Created(target, key, await WarmAsync(target.App, scenario, script, ct));
            }
            foreach (var connections in options.Connections)
            {
                // Rounds go through every system in turn, so each system's median window met the same stretch of background load.
                var rounds = targets.ToDictionary(t => t, _ => new List<Measurement>());
                for (var round = 0; round < options.Rounds; round++)
                foreach (var target in targets)
                {
                    var (scenario, script) = target.Scripts[key];
                    var (measured, answered) = await MeasureAsync(target.App, target.System, target.Dataset, target.Stored, scenario, script,
                        connections, ct);
                    rounds[target].Add(measured);
                    Created(target, key, answered);
                }
                foreach (var target in targets) Record(Median(rounds[target]));
            }
        }

        // The full flow: the server with the small database only; it compares with nothing but itself.
        var server = targets[1];
        var db = server.Database!;
        if (options.WarmupSeconds > 0)
            server.Stored += (await FlowLoad.RunAsync(server.App.BaseAddress, db.TestKey, db.Catalog.TShirtPrice, WarmupConnections, Warmup, ct)).Flows;
        foreach (var workers in options.Connections)
        {
            await Task.Delay(500, ct);
            await using var monitor = new LoadMonitor(server.App.ProcessId);
            var flow = await FlowLoad.RunAsync(server.App.BaseAddress, db.TestKey, db.Catalog.TShirtPrice, workers, Duration, ct);
            var use = await monitor.StopAsync();
            var requests = flow.Flows * FlowResult.RequestsPerFlow;
            Record(new Measurement(OpenCheckout, server.Dataset, server.Stored, "flow",
                "create -> GET /pay/c/{id} -> POST /pay/c/{id} (pay) -> GET session", workers, "C# workers (closed loop)",
                Math.Round(flow.Seconds, 2), requests, Math.Round(requests / flow.Seconds, 1), Math.Round(flow.Flows / flow.Seconds, 1),
                flow.P50Ms, flow.P90Ms, flow.P99Ms, flow.P999Ms, flow.MaxMs, flow.MeanMs, flow.Errors, flow.Unexpected, flow.FirstFailures, use));
            server.Stored += flow.Flows;
            EnsureRunning(server.App);
        }

        foreach (var target in targets.Where(t => t.Database is not null))
        {
            var memory = Proc.Memory(target.App.ProcessId);
            _memory.Add(new PhaseMemory(target.Dataset, target.Stored, Mb(target.IdleRss), Mb(memory?.Rss ?? 0), Mb(memory?.PeakRss ?? 0)));
            Console.WriteLine($"  Server with {target.Dataset} seeded: {Mb(target.IdleRss)} MB after start, {Mb(memory?.Rss ?? 0)} MB after the load, " +
                              $"peak (VmHWM) {Mb(memory?.PeakRss ?? 0)} MB; about {target.Stored:N0} sessions stored now.");
        }

        static void Created(Target target, string scenario, long answered)
        {
            if (scenario == "create" && target.Database is not null) target.Stored += answered;
        }
    }

    /// <summary>Warm-up (JIT tiers, pools, caches): not recorded. Returns the 2xx answers.</summary>
    async Task<long> WarmAsync(AppProcess app, HttpScenario scenario, string script, CancellationToken ct)
    {
        var warm = await Wrk.RunAsync(wrk, script, app.BaseAddress, scenario.Paths[0], WarmupConnections, Warmup, null, ct);
        EnsureRunning(app);
        return warm.Requests - warm.Status4xx5xx;
    }

    /// <summary>One wrk run (one round), with the 2xx answers it got (sessions created, for the create scenario).</summary>
    async Task<(Measurement Measured, long Answered)> MeasureAsync(AppProcess app, string system, string dataset, long stored,
        HttpScenario scenario, string script, int connections, CancellationToken ct)
    {
        await Task.Delay(500, ct); // let the previous run's connections close
        await using var monitor = new LoadMonitor(app.ProcessId);
        var r = await Wrk.RunAsync(wrk, script, app.BaseAddress, scenario.Paths[0], connections, Duration, monitor, ct);
        var use = await monitor.StopAsync();
        EnsureRunning(app);
        if (options.Rounds > 1)
            Console.WriteLine($"    round: {system,-12} {dataset,-5} {scenario.Key,-6} c={connections,-4} {r.Requests / r.Seconds,10:N0} req/s");
        return (new Measurement(system, dataset, stored, scenario.Key, scenario.Title, connections, "wrk (closed loop)",
            Math.Round(r.Seconds, 2), r.Requests, Math.Round(r.Requests / r.Seconds, 1), null,
            r.P50Ms, r.P90Ms, r.P99Ms, r.P999Ms, r.MaxMs, r.MeanMs, r.SocketErrors, r.Status4xx5xx, null, use), r.Requests - r.Status4xx5xx);
    }

    /// <summary>The round with the median throughput, whole (its latencies and machine use belong to that window), with every
    /// round's throughput beside it; errors of any round are kept.</summary>
    static Measurement Median(List<Measurement> rounds)
    {
        var median = rounds.OrderBy(m => m.RequestsPerSecond).ElementAt(rounds.Count / 2);
        return rounds.Count == 1 ? median : median with
        {
            Errors = rounds.Sum(m => m.Errors),
            Non2xx = rounds.Sum(m => m.Non2xx),
            RoundsRequestsPerSecond = rounds.Select(m => m.RequestsPerSecond).ToList(),
        };
    }

    void Record(Measurement m)
    {
        _measurements.Add(m);
        Console.WriteLine($"  {m.System,-12} {m.Dataset,-5} {m.Scenario,-6} c={m.Connections,-4} {m.RequestsPerSecond,10:N0} req/s  " +
                          $"p50 {m.P50Ms,7:0.00}  p99 {m.P99Ms,7:0.00}  p99.9 {m.P999Ms,7:0.00} ms{(m.Scenario == "flow" ? " per flow" : "")}  " +
                          $"errors {m.Errors}  non-2xx {m.Non2xx}  RSS {m.Machine.ServerPeakRssMb:0} MB  " +
                          $"CPU server {m.Machine.ServerCpuPercent:0}% ({m.ServerCpuUsPerRequest:N0} µs/req) client {m.Machine.ClientCpuPercent:0}% other {m.Machine.OtherCpuPercent:0}% irq {m.Machine.InterruptCpuPercent:0}% steal {m.Machine.StealCpuPercent:0}%");
        foreach (var failure in m.Failures ?? []) Console.WriteLine($"    failure: {failure}");
    }

    /// <summary>The route answers 200 before it is loaded: wrk only counts statuses of 400 and above as errors.</summary>
    static async Task PreCheckAsync(HttpClient http, HttpScenario scenario, CancellationToken ct)
    {
        using var document = scenario.Method == "POST"
            ? await Api.PostAsync(http, scenario.Paths[0], scenario.Body!, ct)
            : await Api.GetAsync(http, scenario.Paths[0], ct);
        var root = document.RootElement;
        var ok = scenario.Key == "list"
            ? root.GetProperty("checkout_sessions").GetArrayLength() == 10
            : root.GetProperty("checkout_session").GetProperty("line_items").GetArrayLength() == 2;
        if (!ok) throw new InvalidOperationException($"{scenario.Title} answered 200 with an unexpected body: {root}");
    }

    static void EnsureRunning(AppProcess app)
    {
        if (app.HasExited) throw new InvalidOperationException($"{app.Name} exited during the run.\n{app.OutputTail()}");
    }

    static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
