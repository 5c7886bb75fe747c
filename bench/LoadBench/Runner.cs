using System.Runtime.InteropServices;
using OpenCheckout.Testing;

namespace OpenCheckout.Bench;

/// <summary>One measured run of one scenario at one concurrency. Latency is per request, except for the flow, where it is
/// per whole flow (4 requests). Errors are socket errors and timeouts; Non2xx counts answers of 400 or more (wrk) or, for
/// the flow, any answer other than the one the flow expects. <see cref="Target"/> is the system measured: the baseline,
/// the server on SQLite, on PostgreSQL, or HAProxy before one or two PostgreSQL nodes.</summary>
sealed record Measurement(
    string System,
    string Target,
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
    /// <summary>The server's CPU time per HTTP request (every node's, behind a balancer): less sensitive than throughput to
    /// what else runs on the machine.</summary>
    public double ServerCpuUsPerRequest => Math.Round(Machine.ServerCpuSeconds * 1e6 / Math.Max(1, Requests), 1);

    /// <summary>PostgreSQL's CPU time (postmaster and backends) per HTTP request, on the PostgreSQL targets.</summary>
    public double? DatabaseCpuUsPerRequest => Machine.DatabaseCpuSeconds is { } s ? Math.Round(s * 1e6 / Math.Max(1, Requests), 1) : null;

    /// <summary>With more than one round: each round's throughput, in the order run; the record is the median round.</summary>
    public IReadOnlyList<double>? RoundsRequestsPerSecond { get; init; }

    public double? RatioToBaseline { get; init; }
    public string? BaselineScenario { get; init; }

    /// <summary>With more than one round: each round's req/s ÷ the baseline's in the same round (the same turn), and the lowest.</summary>
    public IReadOnlyList<double>? RoundRatiosToBaseline { get; init; }
    public double? WorstRoundRatioToBaseline { get; init; }
}

/// <summary>A server process's memory: after start and the API checks (before load), after all the load, and its peak.</summary>
sealed record PhaseMemory(string Dataset, long StoredSessionsAfter, double IdleRssMb, double RssAfterLoadMb, double PeakRssMb);

sealed record DatasetInfo(string Label, int SeededSessions, double SeedSeconds, double SeedRowsPerSecond, double DatabaseMb,
    int SessionsCheckedThroughApi, IReadOnlyList<string> ColumnsCopiedUnknown);

/// <summary>Sessions stored in one database, shared by the systems that write to it (the PostgreSQL node and the balancers
/// before it): counted from the database at start plus the 2xx answers to creates and flows since.</summary>
sealed class StoredCount
{
    public long Value;
}

/// <summary>A server process of this run, for the memory table.</summary>
sealed class ServerNode(string label, AppProcess app, StoredCount stored)
{
    public string Label => label;
    public AppProcess App => app;
    public StoredCount Stored => stored;
    public long IdleRss { get; set; }
}

/// <summary>A system under load in this run: where its requests go (the server, or HAProxy), the processes it is made of,
/// the requests it is sent, which scenarios and concurrencies it is measured at, and the sessions it holds.</summary>
sealed class Target
{
    public required string Key { get; init; }
    public required string System { get; init; }
    public required string Dataset { get; init; }
    public required AppProcess Endpoint { get; init; }
    public required IReadOnlyList<ServerNode> Servers { get; init; }
    public Haproxy? Proxy { get; init; }
    public int? DatabasePid { get; init; }
    public required Dictionary<string, (HttpScenario Scenario, string Script)> Scripts { get; init; }
    public PreparedDatabase? Database { get; init; }
    public required StoredCount Stored { get; init; }
    public required IReadOnlyList<string> Scenarios { get; init; }
    public required IReadOnlyList<int> Connections { get; init; }

    HttpClient? _http;
    public HttpClient Http => _http ??= Api.Client(Endpoint.BaseAddress, Database?.TestKey);

    public SystemProcesses Processes => new(Servers.Select(s => s.App.ProcessId).ToList(), Proxy?.Process.ProcessId, DatabasePid);

    public string Label => Report.TargetLabel(Key, Dataset);

    public void Dispose() => _http?.Dispose();
}

sealed class Runner(RunOptions options, string repo, string serverDll, string baselineDll, string tempRoot, string wrk, string wrkVersion,
    string? haproxy)
{
    public const string Baseline = "baseline";
    public const string OpenCheckout = "opencheckout";

    /// <summary>The wrk scenarios, in the order they run; each is measured on every system that has it before the next.</summary>
    public static readonly string[] ScenarioKeys = ["get", "list", "create", "plugin"];

    /// <summary>What each kind of target is measured on: the 1M SQLite database only for the growth comparison (no keyed
    /// creates), the balanced targets without the list page (the direct PostgreSQL node shows what a page costs there).</summary>
    static string[] ScenariosOf(string target, bool large) => target switch
    {
        RunOptions.Sqlite when large => ["get", "list", "create"],
        RunOptions.Haproxy1 or RunOptions.Haproxy2 => ["get", "create", "plugin"],
        _ => ScenarioKeys,
    };

    readonly List<Measurement> _measurements = [];
    readonly List<PhaseMemory> _memory = [];
    readonly List<DatasetInfo> _datasets = [];
    readonly List<FilterTiming> _filters = [];
    readonly List<BalancerStats> _balancers = [];
    PostgresInfo? _postgres;
    string? _healthCheck;
    readonly DateTime _started = DateTime.UtcNow;
    readonly string? _loadBefore = BenchEnvironment.LoadAverage();
    TimeSpan Duration => TimeSpan.FromSeconds(options.DurationSeconds);
    TimeSpan Warmup => TimeSpan.FromSeconds(options.WarmupSeconds);
    int WarmupConnections => options.Connections[options.Connections.Count / 2];

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        Console.WriteLine($"LoadBench on {Environment.ProcessorCount} logical cores ({BenchEnvironment.CpuModel() ?? "unknown CPU"}), " +
                          $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average {_loadBefore ?? "n/a"}.");
        Console.WriteLine($"Client and server share these {Environment.ProcessorCount} cores: the load generator's CPU is taken from the server's" +
                          (options.UsesPostgres ? ", and so are PostgreSQL's and HAProxy's." : "."));
        Console.WriteLine($"Load generator: {wrkVersion}, closed loop (--latency, min({Environment.ProcessorCount}, connections) threads); " +
                          "its latency is NOT corrected for coordinated omission. Full flow: C# workers, also closed loop.");
        Console.WriteLine($"Targets: baseline, {string.Join(", ", options.Targets)}. Each scenario: {options.WarmupSeconds} s warm-up at " +
                          $"{WarmupConnections} connections per system, then {options.DurationSeconds} s at each of " +
                          $"{string.Join(", ", options.Connections)} connections (SQLite) and {string.Join(", ", options.PgConnections)} " +
                          "(PostgreSQL, HAProxy)" + (options.Rounds > 1 ? $", {options.Rounds} rounds in turns (the median is kept)." : "."));
        Console.WriteLine($"Planned: about {EstimateMinutes():0} minutes.");

        var processes = new List<AppProcess>(); // everything started, stopped in reverse order
        var targets = new List<Target>();
        var servers = new List<ServerNode>();
        var proxies = new List<Haproxy>();
        PostgresCluster? cluster = null;
        string? scratch = null;
        PreparedDatabase? large = null;
        PreparedDatabase? logOff = null;
        try
        {
            Console.WriteLine("\n[1/3] Preparing the server databases");
            PreparedDatabase? small = null;
            if (options.Runs(RunOptions.Sqlite))
            {
                small = await PrepareAsync(options.SmallSessions, ct);
                large = options.Growth ? await PrepareAsync(options.LargeSessions, ct) : null;
                if (options.RequestLogOff) logOff = CopyOf(small, "log-off");
            }

            Dictionary<string, (HttpScenario Scenario, string Script)>? pgScripts = null;
            if (options.UsesPostgres)
            {
                scratch = PostgresScratch.Create();
                Console.WriteLine("  Starting a throwaway PostgreSQL cluster (initdb as the postgres user, 127.0.0.1 only, fsync on) ...");
                cluster = await PostgresCluster.StartAsync(durable: true);
                var admin = await cluster.CreateDatabaseAsync();
                var serverConnection = PostgresScratch.ServerConnectionString(cluster, new Npgsql.NpgsqlConnectionStringBuilder(admin).Database!);
                var key = TestKeys.New();
                var node1 = AppProcess.StartPostgresNode(serverDll, tempRoot, serverConnection, key, "node1", migrate: true);
                processes.Add(node1);
                using var api = Api.Client(node1.BaseAddress, key);
                await node1.WaitUntilHealthyAsync(api, TimeSpan.FromSeconds(60), ct);
                await node1.WaitUntilKeyAcceptedAsync(api, TimeSpan.FromSeconds(30), ct);
                var pg = await Datasets.CreateThroughApiAsync(api, "PG " + Report.Label(options.PgSessions), admin, key, options.PgSessions, 16,
                    Console.WriteLine, ct);
                var checkedCount = await Datasets.VerifyThroughApiAsync(api, pg, ct);
                _postgres = await PostgresScratch.InfoAsync(admin, ct);
                Console.WriteLine($"  PostgreSQL {_postgres.Version}: fsync {_postgres.Fsync}, synchronous_commit {_postgres.SynchronousCommit}, " +
                                  $"shared_buffers {_postgres.SharedBuffers}; database {_postgres.DatabaseMbAfterSeeding:N0} MB; checked {checkedCount} " +
                                  "sessions and a deep cursor page through the API.");
                _datasets.Add(new DatasetInfo(pg.Path, pg.Seed.Rows, Math.Round(pg.Seed.Seconds, 2), Math.Round(pg.Seed.RowsPerSecond),
                    _postgres.DatabaseMbAfterSeeding, checkedCount, []));
                var postmaster = await PostgresScratch.PostmasterPidAsync(admin, ct);
                var stored = new StoredCount { Value = pg.CountSessions() };
                var first = new ServerNode("PostgreSQL node1", node1, stored) { IdleRss = Proc.Memory(node1.ProcessId)?.Rss ?? 0 };
                servers.Add(first);
                pgScripts = WriteScripts(pg, "pg");

                ServerNode? second = null;
                if (options.Runs(RunOptions.Haproxy2))
                {
                    // The second node starts on the migrated database and does not migrate (as a rolling deployment's nodes).
                    var node2 = AppProcess.StartPostgresNode(serverDll, tempRoot, serverConnection, key, "node2", migrate: false);
                    processes.Add(node2);
                    await node2.WaitUntilHealthyAsync(api, TimeSpan.FromSeconds(60), ct);
                    using var api2 = Api.Client(node2.BaseAddress, key);
                    await node2.WaitUntilKeyAcceptedAsync(api2, TimeSpan.FromSeconds(30), ct);
                    second = new ServerNode("PostgreSQL node2", node2, stored) { IdleRss = Proc.Memory(node2.ProcessId)?.Rss ?? 0 };
                    servers.Add(second);
                }

                if (options.Runs(RunOptions.Postgres))
                    targets.Add(new Target
                    {
                        Key = RunOptions.Postgres, System = OpenCheckout, Dataset = Report.Label(options.PgSessions), Endpoint = node1, Servers = [first],
                        DatabasePid = postmaster, Scripts = pgScripts, Database = pg, Stored = stored,
                        Scenarios = ScenariosOf(RunOptions.Postgres, false), Connections = options.PgConnections,
                    });
                if (options.Runs(RunOptions.Haproxy1) || second is not null)
                {
                    var executable = haproxy ?? throw new InvalidOperationException("HAProxy is not installed (apt-get install haproxy).");
                    _healthCheck = await Haproxy.HasReadyzAsync(api, node1, ct) ? "/readyz" : "/health";
                    if (_healthCheck != "/readyz")
                        Console.WriteLine("  Note: the server does not answer GET /readyz: HAProxy checks GET /health instead (in the bench's temp copy " +
                                          "of deploy/haproxy.cfg only).");
                    var balanced = new List<(string Name, List<ServerNode> Nodes)>();
                    if (options.Runs(RunOptions.Haproxy1)) balanced.Add((RunOptions.Haproxy1, [first]));
                    if (second is not null) balanced.Add((RunOptions.Haproxy2, [first, second]));
                    foreach (var (name, nodes) in balanced)
                    {
                        var proxy = await Haproxy.StartAsync(executable, repo, tempRoot, name, nodes.Select(n => n.App).ToList(), _healthCheck, ct);
                        processes.Add(proxy.Process);
                        proxies.Add(proxy);
                        Console.WriteLine($"  HAProxy ({name}) on {proxy.Process.BaseAddress} before {string.Join(" and ", nodes.Select(n => n.Label))}: " +
                                          $"every node UP (health check GET {_healthCheck}).");
                        targets.Add(new Target
                        {
                            Key = name, System = OpenCheckout, Dataset = Report.Label(options.PgSessions), Endpoint = proxy.Process, Servers = nodes,
                            Proxy = proxy, DatabasePid = postmaster, Scripts = pgScripts, Database = pg, Stored = stored,
                            Scenarios = ScenariosOf(name, false), Connections = options.PgConnections,
                        });
                    }
                }
            }

            // All systems run side by side and are measured in turns, scenario by scenario and concurrency by concurrency, so
            // the ratios to the baseline and the 10k-to-1M changes compare runs that met the same background load on a shared
            // machine. An idle system costs next to nothing (the server's workers wake every few seconds).
            Console.WriteLine("\n[2/3] Starting the baseline" + (small is null ? "" : " and the SQLite servers"));
            var baselineScripts = small is not null ? WriteScripts(small, Report.Label(small.Seed.Rows)) : pgScripts!;
            var baseline = AppProcess.StartBaseline(baselineDll, tempRoot);
            processes.Add(baseline);
            var baselineConnections = (small is null ? [] : options.Connections).Concat(options.UsesPostgres ? options.PgConnections : [])
                .Distinct().Order().ToList();
            targets.Insert(0, new Target
            {
                Key = Baseline, System = Baseline, Dataset = "-", Endpoint = baseline, Servers = [new ServerNode("baseline", baseline, new StoredCount())],
                Scripts = baselineScripts, Stored = new StoredCount(), Scenarios = ScenarioKeys, Connections = baselineConnections,
            });
            var sqlite = new List<Target>();
            foreach (var db in new[] { small, logOff, large }.OfType<PreparedDatabase>())
            {
                var label = Report.Label(db.Seed.Rows) + (db == logOff ? LogOffLabel : "");
                var app = db == logOff
                    ? AppProcess.StartServer(serverDll, tempRoot, db.Path, db.TestKey, new Dictionary<string, string> { ["OpenCheckout__RequestLog__Enabled"] = "false" })
                    : AppProcess.StartServer(serverDll, tempRoot, db.Path, db.TestKey);
                processes.Add(app);
                var node = new ServerNode($"SQLite {label}", app, new StoredCount());
                servers.Insert(sqlite.Count, node);
                var target = new Target
                {
                    Key = RunOptions.Sqlite, System = OpenCheckout, Dataset = label, Endpoint = app, Servers = [node],
                    Scripts = db == small ? baselineScripts : WriteScripts(db, label), Database = db, Stored = node.Stored,
                    Scenarios = ScenariosOf(RunOptions.Sqlite, db == large), Connections = options.Connections,
                };
                targets.Insert(1 + sqlite.Count, target);
                sqlite.Add(target);
            }
            await targets[0].Endpoint.WaitUntilHealthyAsync(targets[0].Http, TimeSpan.FromSeconds(60), ct);
            foreach (var target in sqlite) await StartAsync(target, ct);

            Console.WriteLine("  Filtered list pages, one request at a time, before any load:");
            foreach (var target in sqlite.Concat(targets.Where(t => t.Key == RunOptions.Postgres)))
                _filters.AddRange(await FilterProbe.RunAsync(target.Http, target.Label, target.Database!, ct));

            Console.WriteLine("\n[3/3] Measuring in turns: " + string.Join(", ", targets.Select(t => t.Label)));
            await MeasureAsync(targets, ct);

            foreach (var node in servers)
            {
                var memory = Proc.Memory(node.App.ProcessId);
                _memory.Add(new PhaseMemory(node.Label, node.Stored.Value, Mb(node.IdleRss), Mb(memory?.Rss ?? 0), Mb(memory?.PeakRss ?? 0)));
                Console.WriteLine($"  {node.Label}: {Mb(node.IdleRss)} MB after start, {Mb(memory?.Rss ?? 0)} MB after the load, " +
                                  $"peak (VmHWM) {Mb(memory?.PeakRss ?? 0)} MB; about {node.Stored.Value:N0} sessions stored now.");
            }
            foreach (var proxy in proxies)
            {
                var nodes = await proxy.StatsAsync(ct);
                _balancers.Add(new BalancerStats(proxy.Target, "GET " + proxy.HealthCheck, nodes));
                Console.WriteLine($"  HAProxy ({proxy.Target}): " + string.Join("; ", nodes.Select(n =>
                    $"{n.Node} {n.Status}, {n.Requests:N0} requests ({n.Answers2xx:N0} 2xx), connection errors {n.ConnectionErrors}, " +
                    $"response errors {n.ResponseErrors}, retries {n.Retries}, redispatches {n.Redispatches}")));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException && processes.Count > 0)
        {
            throw new InvalidOperationException(e.Message + string.Concat(processes.Select(p => $"\n{p.Name} output (last lines):\n{p.OutputTail()}")), e);
        }
        finally
        {
            foreach (var target in targets) target.Dispose();
            for (var i = processes.Count - 1; i >= 0; i--) await processes[i].DisposeAsync();
            if (cluster is not null)
            {
                await cluster.DisposeAsync(); // pg_ctl -m immediate stop, then its directory deleted
                Console.WriteLine("PostgreSQL cluster stopped and deleted.");
            }
            if (scratch is not null) PostgresScratch.Destroy(scratch); // whatever a failed start left
            if (large is not null && File.Exists(large.Path)) File.Delete(large.Path); // a gigabyte or so; the temp directory goes at the end anyway
        }
        return new Report(options, _measurements, _memory, _datasets, _filters, wrkVersion, _started, DateTime.UtcNow, _loadBefore,
            BenchEnvironment.LoadAverage(), new RunExtras(_balancers, _postgres, _healthCheck));
    }

    /// <summary>Measured windows and warm-ups the options ask for, and the flow; setup on top.</summary>
    double EstimateMinutes()
    {
        var plan = new List<(string[] Scenarios, IReadOnlyList<int> Connections)>();
        if (options.Runs(RunOptions.Sqlite))
        {
            plan.Add((ScenariosOf(RunOptions.Sqlite, false), options.Connections));
            if (options.Growth) plan.Add((ScenariosOf(RunOptions.Sqlite, true), options.Connections));
        }
        foreach (var target in options.Targets.Where(t => t != RunOptions.Sqlite)) plan.Add((ScenariosOf(target, false), options.PgConnections));
        double windows = 0, warmups = 0;
        foreach (var key in ScenarioKeys)
        {
            var group = plan.Where(p => p.Scenarios.Contains(key)).ToList();
            if (group.Count == 0) continue;
            var connections = group.SelectMany(p => p.Connections).Distinct().ToList();
            windows += options.Rounds * (connections.Count + group.Sum(p => p.Connections.Count)); // the baseline's and the targets'
            warmups += group.Count + 1;
        }
        var seconds = windows * (options.DurationSeconds + 0.6) + warmups * (options.WarmupSeconds + 0.5)
                      + (options.Runs(RunOptions.Sqlite) ? options.WarmupSeconds + options.Connections.Count * (options.DurationSeconds + 0.5) : 0)
                      + 60 + (options.Growth && options.Runs(RunOptions.Sqlite) ? options.LargeSessions / 40_000.0 : 0);
        return seconds / 60;
    }

    /// <summary>The dataset label of the SQLite server that runs with the request log off (<c>--request-log-off</c>).</summary>
    public const string LogOffLabel = " (request log off)";

    /// <summary>A copy of a prepared SQLite database (its file, and its WAL if one is left), for a second server to run on.</summary>
    PreparedDatabase CopyOf(PreparedDatabase db, string suffix)
    {
        var path = Path.Combine(tempRoot, Path.GetFileNameWithoutExtension(db.Path) + $"-{suffix}.db");
        foreach (var extra in new[] { "", "-wal", "-shm" })
            if (File.Exists(db.Path + extra)) File.Copy(db.Path + extra, path + extra, overwrite: true);
        return db with { Path = path };
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

    /// <summary>GET over the sampled seeded ids; pages after cursors 85–95% deep; create with the catalog's two prices; the
    /// Flex plugin's keyed create.</summary>
    Dictionary<string, (HttpScenario Scenario, string Script)> WriteScripts(PreparedDatabase db, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(tempRoot, $"lua-{name}")).FullName;
        var scenarios = new[]
        {
            new HttpScenario("get", "GET /v1/checkout/sessions/{id}", "GET",
                db.Seed.Sample.Select(s => $"/v1/checkout/sessions/{s.Id}").ToList()),
            new HttpScenario("list", "GET /v1/checkout/sessions?limit=10&starting_after=(deep)", "GET",
                db.Seed.DeepCursors().Select(c => $"/v1/checkout/sessions?limit=10&starting_after={c}").ToList()),
            new HttpScenario("create", "POST /v1/checkout/sessions (2 line items)", "POST", ["/v1/checkout/sessions"], db.Catalog.CreateSessionBody()),
            new HttpScenario("plugin", "POST /v1/checkout/sessions (Flex WooCommerce plugin's wrapped body, 1 line item, a new Idempotency-Key each)",
                "POST", ["/v1/checkout/sessions"], db.Catalog.PluginSessionBody(HttpScenario.OrderPlaceholder), Keyed: true),
        };
        return scenarios.ToDictionary(s => s.Key, s => (s, Wrk.WriteScript(directory, s, db.TestKey)));
    }

    /// <summary>Waits for a SQLite server and its key, then reads seeded sessions back through the API.</summary>
    async Task StartAsync(Target target, CancellationToken ct)
    {
        await target.Endpoint.WaitUntilHealthyAsync(target.Http, TimeSpan.FromSeconds(60), ct);
        var db = target.Database!;
        await target.Endpoint.WaitUntilKeyAcceptedAsync(target.Http, TimeSpan.FromSeconds(30), ct);
        var checkedCount = await Datasets.VerifyThroughApiAsync(target.Http, db, ct);
        Console.WriteLine($"  {target.Label}: checked {checkedCount} seeded sessions and a deep cursor page through the API: all as seeded.");
        var index = _datasets.FindIndex(d => d.Label == target.Dataset);
        if (index >= 0) _datasets[index] = _datasets[index] with { SessionsCheckedThroughApi = checkedCount }; // a copy (--request-log-off) has none of its own
        target.Stored.Value = db.CountSessions();
        target.Servers[0].IdleRss = Proc.Memory(target.Endpoint.ProcessId)?.Rss ?? 0;
    }

    async Task MeasureAsync(List<Target> targets, CancellationToken ct)
    {
        foreach (var key in ScenarioKeys)
        {
            var group = targets.Where(t => t.Scenarios.Contains(key)).ToList();
            var measured = group.Where(t => t.Key != Baseline).ToList();
            if (measured.Count == 0) continue;
            foreach (var target in group)
            {
                var (scenario, script) = target.Scripts[key];
                await PreCheckAsync(target.Http, scenario, ct);
                if (Creates(key) && target.Database is not null) target.Stored.Value++;
                if (options.WarmupSeconds > 0) Created(target, key, await WarmAsync(target, scenario, script, ct));
            }
            foreach (var connections in measured.SelectMany(t => t.Connections).Distinct().Order())
            {
                // Rounds go through every system in turn, so each system's median window met the same stretch of background load.
                var turn = group.Where(t => t.Key == Baseline || t.Connections.Contains(connections)).ToList();
                var rounds = turn.ToDictionary(t => t, _ => new List<Measurement>());
                for (var round = 0; round < options.Rounds; round++)
                foreach (var target in turn)
                {
                    var (scenario, script) = target.Scripts[key];
                    var (result, answered) = await MeasureAsync(target, scenario, script, connections, ct);
                    rounds[target].Add(result);
                    Created(target, key, answered);
                }
                foreach (var target in turn) Record(Median(rounds[target]));
            }
        }

        // The full flow: the server with the small SQLite database only; it compares with nothing but itself.
        if (targets.FirstOrDefault(t => t.Key == RunOptions.Sqlite) is not { } server) return;
        var db = server.Database!;
        if (options.WarmupSeconds > 0)
            server.Stored.Value += (await FlowLoad.RunAsync(server.Endpoint.BaseAddress, db.TestKey, db.Catalog.TShirtPrice, WarmupConnections, Warmup, ct)).Flows;
        foreach (var workers in options.Connections)
        {
            await Task.Delay(500, ct);
            await using var monitor = new LoadMonitor(server.Processes);
            var flow = await FlowLoad.RunAsync(server.Endpoint.BaseAddress, db.TestKey, db.Catalog.TShirtPrice, workers, Duration, ct);
            var use = await monitor.StopAsync();
            var requests = flow.Flows * FlowResult.RequestsPerFlow;
            Record(new Measurement(OpenCheckout, server.Key, server.Dataset, server.Stored.Value, "flow",
                "create -> GET /pay/c/{id} -> POST /pay/c/{id} (pay) -> GET session", workers, "C# workers (closed loop)",
                Math.Round(flow.Seconds, 2), requests, Math.Round(requests / flow.Seconds, 1), Math.Round(flow.Flows / flow.Seconds, 1),
                flow.P50Ms, flow.P90Ms, flow.P99Ms, flow.P999Ms, flow.MaxMs, flow.MeanMs, flow.Errors, flow.Unexpected, flow.FirstFailures, use));
            server.Stored.Value += flow.Flows;
            EnsureRunning(server);
        }

        static bool Creates(string scenario) => scenario is "create" or "plugin";

        static void Created(Target target, string scenario, long answered)
        {
            if (Creates(scenario) && target.Database is not null) target.Stored.Value += answered;
        }
    }

    /// <summary>Warm-up (JIT tiers, pools, caches): not recorded. Returns the 2xx answers.</summary>
    async Task<long> WarmAsync(Target target, HttpScenario scenario, string script, CancellationToken ct)
    {
        var warm = await Wrk.RunAsync(wrk, script, target.Endpoint.BaseAddress, scenario.Paths[0], WarmupConnections, Warmup, null, ct);
        EnsureRunning(target);
        return warm.Requests - warm.Status4xx5xx;
    }

    /// <summary>One wrk run (one round), with the 2xx answers it got (sessions created, for the create scenarios).</summary>
    async Task<(Measurement Measured, long Answered)> MeasureAsync(Target target, HttpScenario scenario, string script, int connections,
        CancellationToken ct)
    {
        await Task.Delay(500, ct); // let the previous run's connections close
        await using var monitor = new LoadMonitor(target.Processes);
        var r = await Wrk.RunAsync(wrk, script, target.Endpoint.BaseAddress, scenario.Paths[0], connections, Duration, monitor, ct);
        var use = await monitor.StopAsync();
        EnsureRunning(target);
        if (options.Rounds > 1)
            Console.WriteLine($"    round: {target.Label,-18} {scenario.Key,-6} c={connections,-4} {r.Requests / r.Seconds,10:N0} req/s");
        return (new Measurement(target.System, target.Key, target.Dataset, target.Stored.Value, scenario.Key, scenario.Title, connections,
            "wrk (closed loop)", Math.Round(r.Seconds, 2), r.Requests, Math.Round(r.Requests / r.Seconds, 1), null,
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
        var label = Report.TargetLabel(m.Target, m.Dataset);
        var database = m.Machine.DatabaseCpuPercent is { } d ? $" PostgreSQL {d:0}% ({m.DatabaseCpuUsPerRequest:N0} µs/req)" : "";
        var proxy = m.Machine.ProxyCpuPercent is { } p ? $" HAProxy {p:0}%" : "";
        Console.WriteLine($"  {label,-18} {m.Scenario,-6} c={m.Connections,-4} {m.RequestsPerSecond,10:N0} req/s  " +
                          $"p50 {m.P50Ms,7:0.00}  p99 {m.P99Ms,7:0.00}  p99.9 {m.P999Ms,7:0.00} ms{(m.Scenario == "flow" ? " per flow" : "")}  " +
                          $"errors {m.Errors}  non-2xx {m.Non2xx}  RSS {m.Machine.ServerPeakRssMb:0} MB  " +
                          $"CPU server {m.Machine.ServerCpuPercent:0}% ({m.ServerCpuUsPerRequest:N0} µs/req){database}{proxy} client {m.Machine.ClientCpuPercent:0}% " +
                          $"other {m.Machine.OtherCpuPercent:0}% irq {m.Machine.InterruptCpuPercent:0}% steal {m.Machine.StealCpuPercent:0}%");
        foreach (var failure in m.Failures ?? []) Console.WriteLine($"    failure: {failure}");
    }

    /// <summary>The route answers 200 with the expected body before it is loaded: wrk only counts statuses of 400 and above as
    /// errors. The keyed create is sent once with a key of its own.</summary>
    static async Task PreCheckAsync(HttpClient http, HttpScenario scenario, CancellationToken ct)
    {
        const string order = "900000001";
        using var document = scenario.Method != "POST" ? await Api.GetAsync(http, scenario.Paths[0], ct)
            : scenario.Keyed ? await Api.PostAsync(http, scenario.Paths[0], scenario.Body!.Replace(HttpScenario.OrderPlaceholder, order), ct,
                "loadbench-check-" + Guid.NewGuid().ToString("N"))
            : await Api.PostAsync(http, scenario.Paths[0], scenario.Body!, ct);
        var root = document.RootElement;
        var ok = scenario.Key switch
        {
            "list" => root.GetProperty("checkout_sessions").GetArrayLength() == 10,
            "plugin" => root.GetProperty("checkout_session").GetProperty("line_items").GetArrayLength() == 1
                        && root.GetProperty("checkout_session").GetProperty("client_reference_id").GetString() == order,
            _ => root.GetProperty("checkout_session").GetProperty("line_items").GetArrayLength() == 2,
        };
        if (!ok) throw new InvalidOperationException($"{scenario.Title} answered 200 with an unexpected body: {root}");
    }

    static void EnsureRunning(Target target)
    {
        foreach (var app in target.Servers.Select(s => s.App).Append(target.Endpoint))
            if (app.HasExited) throw new InvalidOperationException($"{app.Name} exited during the run.\n{app.OutputTail()}");
    }

    static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
