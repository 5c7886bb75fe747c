using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OpenCheckout.Testing;

namespace OpenCheckout.Bench;

/// <summary>One measured page: a name, and the paths to GET in turn (each answer must be 200 and contain <see cref="Expect"/>
/// of the path, when given).</summary>
sealed record DashboardPage(string Name, IReadOnlyList<string> Paths, Func<string, string?> Expect);

/// <summary>p50/p95/p99/max of one page, one round, one concurrency, in ms (nearest-rank percentiles).</summary>
sealed record PageFigures(string Page, int Concurrency, int Round, int Requests, double P50, double P95, double P99, double Max);

sealed record ProviderRun(string Provider, int SeededSessions, long StoredSessions, IReadOnlyDictionary<string, long> RowsByTable,
    double SeedSeconds, string LoadBefore, string LoadAfter, IReadOnlyDictionary<string, double> FirstVisits, IReadOnlyList<PageFigures> Figures);

/// <summary>The dashboard page bench (<c>LoadBench dashboard</c>): for each provider, the Release server on a database holding
/// 100k sessions of one merchant over 90 days (<see cref="DashboardSeeder"/>), signed in as the owner, and the latency of
/// Home (30 and 90 days), the payments list (first page, deep cursor page, by email, by status and dates) and the detail
/// pages of complete sessions, one request at a time and 4 at a time, in rounds; <c>GET /health</c> is the baseline.</summary>
static class DashboardBench
{
    const string OwnerEmail = "owner@bench.example";
    const string OwnerPassword = "bench-owner-password-1234";

    public static async Task<int> RunAsync(string repo, string serverDll, Cli cli, string[] args, CancellationToken ct)
    {
        var sessions = cli.Int("--sessions", 100_000, 100, 2_000_000);
        var rounds = cli.Int("--rounds", 3, 1, 20);
        var requests = cli.Int("--requests", 40, 4, 10_000);
        var providers = (cli.Value("--providers") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var build = !cli.Flag("--no-build");
        var label = cli.Value("--label");
        var output = cli.Value("--out");
        cli.RejectUnknown();
        if (providers.Any(p => p is not ("sqlite" or "postgres"))) cli.Fail("--providers takes sqlite and/or postgres.");
        if (cli.Error is not null)
        {
            Console.Error.WriteLine(cli.Error);
            return 2;
        }
        if (build) await BenchEnvironment.BuildServerAsync(repo, ct);
        if (!File.Exists(serverDll)) throw new FileNotFoundException($"No Release build of the server at {serverDll}; run without --no-build.");
        AppProcess.ServerSettings["OpenCheckout__Bootstrap__OwnerEmail"] = OwnerEmail;
        AppProcess.ServerSettings["OpenCheckout__Bootstrap__OwnerPassword"] = OwnerPassword;

        var runs = new List<ProviderRun>();
        var temp = Directory.CreateTempSubdirectory("opencheckout-dashbench-").FullName;
        string? scratch = null;
        try
        {
            foreach (var provider in providers)
            {
                Console.WriteLine($"\n== {provider}: {sessions:N0} sessions over {DashboardSeeder.Window.TotalDays:0} days ==");
                if (provider == "sqlite")
                {
                    var db = Path.Combine(temp, "dashboard.db");
                    var key = TestKeys.New();
                    AppProcess Start() => AppProcess.StartServer(serverDll, temp, db, key);
                    runs.Add(await RunProviderAsync("sqlite", Start, key, sessions, rounds, requests,
                        () => Task.FromResult(DashboardSeeder.ReadAllSqlite(db)),
                        (rows, shapes) => Task.FromResult(DashboardSeeder.WriteSqlite(db, rows, shapes, ct)),
                        () => Task.CompletedTask, ct));
                }
                else
                {
                    scratch = PostgresScratch.Create();
                    Console.WriteLine("  Starting a throwaway PostgreSQL cluster (fsync on) ...");
                    var cluster = await PostgresCluster.StartAsync(durable: true);
                    var admin = await cluster.CreateDatabaseAsync();
                    var serverConnection = PostgresScratch.ServerConnectionString(cluster, new NpgsqlConnectionStringBuilder(admin).Database!);
                    var key = TestKeys.New();
                    AppProcess Start() => AppProcess.StartPostgresNode(serverDll, temp, serverConnection, key, "node1", migrate: true);
                    runs.Add(await RunProviderAsync("postgres", Start, key, sessions, rounds, requests,
                        () => DashboardSeeder.ReadAllPostgresAsync(admin, ct),
                        (rows, shapes) => DashboardSeeder.WritePostgresAsync(admin, rows, shapes, ct),
                        // autovacuum would analyze the new rows within a minute; the bench does not wait for it.
                        async () =>
                        {
                            await using var connection = new NpgsqlConnection(admin);
                            await connection.OpenAsync(ct);
                            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
                            await analyze.ExecuteNonQueryAsync(ct);
                        }, ct));
                    PostgresScratch.Destroy(scratch);
                    scratch = null;
                }
            }
        }
        finally
        {
            if (scratch is not null) PostgresScratch.Destroy(scratch);
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }

        Print(runs);
        var path = output ?? Path.Combine(repo, "bench", "results", $"dashboard-{DateTime.UtcNow:yyyyMMdd-HHmmss}{(label is null ? "" : "-" + label)}.json");
        var commit = await GitAsync(repo, "rev-parse --short HEAD");
        var dirty = (await GitAsync(repo, "status --porcelain -- src")).Length > 0;
        var json = JsonSerializer.Serialize(new
        {
            bench = "LoadBench dashboard",
            arguments = args,
            at = DateTime.UtcNow,
            commit,
            srcDirty = dirty,
            machine = new { cores = Environment.ProcessorCount, dotnet = Environment.Version.ToString() },
            percentiles = "nearest rank, milliseconds, client-side time to the last byte of the page",
            runs,
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        await File.WriteAllTextAsync(path, json, ct);
        Console.WriteLine($"Wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
        return 0;
    }

    static async Task<ProviderRun> RunProviderAsync(string provider, Func<AppProcess> start, string key, int sessions, int rounds, int requests,
        Func<Task<List<(string Name, List<string> Columns, List<string> Types, List<object?[]> Rows)>>> readAll,
        Func<IEnumerable<(string Table, object?[] Row)>, IReadOnlyList<TemplateTable>, Task<int>> write, Func<Task> afterSeed, CancellationToken ct)
    {
        // 1. Templates, through the API of a server on the new database.
        var made = new List<(SessionKind Kind, string Id, string Email, string Reference)>();
        await using (var server = start())
        {
            try
            {
                using var api = Api.Client(server.BaseAddress, key);
                await server.WaitUntilHealthyAsync(api, TimeSpan.FromSeconds(90), ct);
                await server.WaitUntilKeyAcceptedAsync(api, TimeSpan.FromSeconds(30), ct);
                var catalog = await Catalog.CreateAsync(api, ct);
                foreach (var kind in Enum.GetValues<SessionKind>())
                    made.Add(await MakeTemplateAsync(api, catalog, kind, ct));
                await Task.Delay(TimeSpan.FromSeconds(3), ct); // the dispatcher clears the events' fan-out marks
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException)
            {
                throw new InvalidOperationException($"{e.Message}\nServer output (last lines):\n{server.OutputTail()}", e);
            }
        }

        // 2. Copies of the templates, written straight into the database.
        var all = await readAll();
        var sessionsTable = all.Single(t => t.Name == "CheckoutSessions");
        DateTime CreatedOf(string id)
        {
            var row = sessionsTable.Rows.Single(r => (string)r[sessionsTable.Columns.IndexOf("Id")]! == id);
            return row[sessionsTable.Columns.IndexOf("CreatedAt")] switch
            {
                DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
                string s => Seeder.ParseUtc(s),
                var other => throw new InvalidOperationException($"CreatedAt is {other}"),
            };
        }
        var templates = made.ToDictionary(m => m.Kind, m => DashboardSeeder.Collect(m.Kind, m.Id, CreatedOf(m.Id), m.Email, m.Reference, all));
        foreach (var t in templates.Values)
            Console.WriteLine($"  Template {t.Kind} ({t.SessionId}): " +
                              string.Join(", ", t.Tables.Select(x => $"{x.Name} {x.Rows.Count}")));
        var shapes = templates.Values.SelectMany(t => t.Tables).DistinctBy(t => t.Name).ToList();

        var now = DateTime.UtcNow;
        var first = now - DashboardSeeder.Window;
        var step = (DashboardSeeder.Window - TimeSpan.FromMinutes(5)).Ticks / sessions;
        var lifetime = TimeSpan.FromHours(24);
        var seeded = new (string Id, SessionKind Kind, DateTime CreatedAt)[sessions];
        var byTable = new Dictionary<string, long>();
        IEnumerable<(string, object?[])> Rows()
        {
            for (var i = 0; i < sessions; i++)
            {
                var createdAt = new DateTime(first.Ticks + step * i, DateTimeKind.Utc);
                var kind = DashboardSeeder.KindOf(i, createdAt, now, lifetime);
                var template = templates[kind];
                foreach (var (table, row) in DashboardSeeder.Copy(template, i, createdAt))
                {
                    if (table == "CheckoutSessions") seeded[i] = ((string)row[sessionsTable.Columns.IndexOf("Id")]!, kind, createdAt);
                    byTable[table] = byTable.GetValueOrDefault(table) + 1;
                    yield return (table, row);
                }
            }
        }
        Console.WriteLine($"  Seeding {sessions:N0} sessions ...");
        var clock = Stopwatch.StartNew();
        var written = await write(Rows(), shapes);
        await afterSeed();
        var seedSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  Wrote {written:N0} rows in {seedSeconds:0.0} s: {string.Join(", ", byTable.Select(p => $"{p.Key} {p.Value:N0}"))}.");

        // 3. Measured: the server on the seeded database, signed in.
        await using var measured = start();
        using var http = Api.Client(measured.BaseAddress, null);
        http.Timeout = TimeSpan.FromSeconds(120);
        await measured.WaitUntilHealthyAsync(http, TimeSpan.FromSeconds(120), ct);
        using (var api = Api.Client(measured.BaseAddress, key))
        {
            await measured.WaitUntilKeyAcceptedAsync(api, TimeSpan.FromSeconds(30), ct);
            // The API sees the copies as it sees the sessions it made: a detail read of each kind and a deep list page.
            foreach (var kind in Enum.GetValues<SessionKind>())
            {
                var copy = seeded.Last(s => s.Kind == kind);
                using var document = await Api.GetAsync(api, $"/v1/checkout/sessions/{copy.Id}", ct);
                var status = document.RootElement.GetProperty("checkout_session").GetProperty("status").GetString();
                var expected = kind switch { SessionKind.Open => "open", SessionKind.Expired or SessionKind.DeclinedThenExpired => "expired", _ => "complete" };
                if (status != expected) throw new InvalidOperationException($"Seeded {kind} session {copy.Id} reads back as {status}, not {expected}.");
            }
        }
        var cookie = await SignInAsync(http, ct);
        var pages = Pages(seeded, now);
        var stored = seeded.Length + templates.Count;
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        Console.WriteLine($"  Measuring ({rounds} rounds, {requests} requests per page at concurrency 1 and 4); load {loadBefore}");
        var figures = new List<PageFigures>();
        // The first visit of each page, apart: Home's computes the closed days no visit has kept yet (30 days' first, then
        // 90 days' remaining 60), the later ones read them.
        var firstVisits = new Dictionary<string, double>();
        foreach (var page in pages)
        {
            firstVisits[page.Name] = Math.Round((await MeasureAsync(http, cookie, page, 1, 1, ct))[0], 1);
            Console.WriteLine($"  first visit {page.Name,-22} {firstVisits[page.Name],8:0.0}");
        }
        foreach (var page in pages) await MeasureAsync(http, cookie, page, 1, Math.Min(5, requests), ct); // warm-up
        for (var round = 1; round <= rounds; round++)
            foreach (var concurrency in new[] { 1, 4 })
                foreach (var page in pages)
                {
                    var sample = await MeasureAsync(http, cookie, page, concurrency, requests, ct);
                    var f = Figures(page.Name, concurrency, round, sample);
                    figures.Add(f);
                    Console.WriteLine($"  round {round} c{concurrency} {page.Name,-22} p50 {f.P50,8:0.0} p95 {f.P95,8:0.0} p99 {f.P99,8:0.0} max {f.Max,8:0.0}");
                }
        var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        return new ProviderRun(provider, sessions, stored, byTable, Math.Round(seedSeconds, 1), loadBefore, loadAfter, firstVisits, figures);
    }

    static async Task<(SessionKind, string, string, string)> MakeTemplateAsync(HttpClient api, Catalog catalog, SessionKind kind, CancellationToken ct)
    {
        var reference = $"order_template_{kind}";
        var email = $"template-{kind.ToString().ToLowerInvariant()}@shop.example";
        using var created = await Api.PostAsync(api, "/v1/checkout/sessions", catalog.CreateSessionBody(reference, $"template_{kind}"), ct);
        var id = created.RootElement.GetProperty("checkout_session").GetProperty("id").GetString()!;
        var pay = $"/v1/test_helpers/checkout/sessions/{id}/pay";
        async Task Decline()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, pay)
            {
                Content = new StringContent($$"""{"card_number":"4000000000000002","email":"{{email}}"}""", Encoding.UTF8, "application/json"),
            };
            using var response = await api.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.PaymentRequired)
                throw new InvalidOperationException($"A declined payment answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
        async Task Pay() => (await Api.PostAsync(api, pay, $$"""{"email":"{{email}}"}""", ct)).Dispose();
        switch (kind)
        {
            case SessionKind.Paid:
                await Pay();
                break;
            case SessionKind.DeclinedThenPaid:
                await Decline();
                await Pay();
                break;
            case SessionKind.PaidAndRefunded:
                await Pay();
                (await Api.PostAsync(api, $"/v1/checkout/sessions/{id}/refund", """{"amount":1500}""", ct)).Dispose();
                break;
            case SessionKind.DeclinedThenExpired:
                await Decline();
                (await Api.PostAsync(api, $"/v1/checkout/sessions/{id}/expire", "{}", ct)).Dispose();
                break;
            case SessionKind.Expired:
                (await Api.PostAsync(api, $"/v1/checkout/sessions/{id}/expire", "{}", ct)).Dispose();
                break;
            case SessionKind.Open:
                break;
        }
        return (kind, id, email, reference);
    }

    static List<DashboardPage> Pages((string Id, SessionKind Kind, DateTime CreatedAt)[] seeded, DateTime now)
    {
        var random = new Random(20261206);
        var n = seeded.Length;
        string Pick(Func<int, string> path) => path(random.Next(n));
        var complete = seeded.Where(s => s.Kind is SessionKind.Paid or SessionKind.DeclinedThenPaid or SessionKind.PaidAndRefunded).ToList();
        var rich = complete.Where(s => s.Kind is SessionKind.DeclinedThenPaid or SessionKind.PaidAndRefunded).ToList();
        var today = DateOnly.FromDateTime(now);
        List<string> Many(Func<string> one) => Enumerable.Range(0, 500).Select(_ => one()).ToList();
        return
        [
            new("home (30 days)", ["/dashboard/test"], _ => "Gross volume"),
            new("home (90 days)", ["/dashboard/test?range=90"], _ => "Gross volume"),
            new("list: first page", ["/dashboard/test/payments"], _ => seeded[^1].Id),
            // A cursor from the newest 5–95% of the list: the page after it.
            new("list: deep cursor", Many(() => $"/dashboard/test/payments?after={seeded[n / 20 + random.Next(n * 9 / 10)].Id}"), _ => "/dashboard/test/payments/"),
            new("list: by email", Many(() => Pick(i => $"/dashboard/test/payments?email={DashboardSeeder.EmailOf(i)}")), _ => null),
            new("list: status + dates", Many(() =>
            {
                var from = today.AddDays(-random.Next(20, 90));
                return $"/dashboard/test/payments?status=complete&from={from:yyyy-MM-dd}&to={from.AddDays(7):yyyy-MM-dd}";
            }), _ => "/dashboard/test/payments/"),
            new("detail: complete", Many(() => complete[random.Next(complete.Count)].Id).Select(id => $"/dashboard/test/payments/{id}").ToList(),
                p => "charge.succeeded"),
            new("detail: decline/refund", Many(() => rich[random.Next(rich.Count)].Id).Select(id => $"/dashboard/test/payments/{id}").ToList(),
                p => "charge."),
            new("baseline: /health", ["/health"], _ => null),
        ];
    }

    static async Task<string> SignInAsync(HttpClient http, CancellationToken ct)
    {
        using var form = await http.GetAsync("/dashboard/sign-in", ct);
        var html = await form.Content.ReadAsStringAsync(ct);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!token.Success) token = Regex.Match(html, "value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"");
        if (!token.Success) throw new InvalidOperationException("The sign-in page has no anti-forgery token.");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/dashboard/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = OwnerEmail, ["password"] = OwnerPassword, ["returnUrl"] = "/dashboard/test",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        using var answer = await http.SendAsync(post, ct);
        var session = answer.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("oc_dashboard=", StringComparison.Ordinal))
            : null;
        if (answer.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || session is null)
            throw new InvalidOperationException($"Sign-in answered {(int)answer.StatusCode} without an oc_dashboard cookie.");
        return session;
    }

    static async Task<List<double>> MeasureAsync(HttpClient http, string cookie, DashboardPage page, int concurrency, int requests, CancellationToken ct)
    {
        var times = new double[requests];
        var next = -1;
        var offset = Random.Shared.Next(page.Paths.Count);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var path = page.Paths[(offset + i) % page.Paths.Count];
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Cookie", cookie);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
                if (page.Expect(path) is { } expected && !body.Contains(expected, StringComparison.Ordinal))
                    throw new InvalidOperationException($"GET {path} does not show {expected}.");
            }
        }, ct)));
        return times.ToList();
    }

    static PageFigures Figures(string page, int concurrency, int round, List<double> sample)
    {
        var sorted = sample.Order().ToArray();
        double Rank(double p) => Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)], 2);
        return new PageFigures(page, concurrency, round, sorted.Length, Rank(50), Rank(95), Rank(99), Math.Round(sorted[^1], 2));
    }

    static void Print(List<ProviderRun> runs)
    {
        Console.WriteLine("\nWorst round per page (highest p95), ms:");
        Console.WriteLine($"{"provider",-9} {"c",2} {"page",-24} {"p50",8} {"p95",8} {"p99",8} {"max",8}  p95 per round");
        foreach (var run in runs)
        {
            Console.WriteLine($"{run.Provider,-9} first visit: " + string.Join(", ", run.FirstVisits.Select(v => $"{v.Key} {v.Value:0.0}")));
            foreach (var group in run.Figures.GroupBy(f => (f.Concurrency, f.Page)))
            {
                var worst = group.MaxBy(f => f.P95)!;
                Console.WriteLine($"{run.Provider,-9} {group.Key.Concurrency,2} {group.Key.Page,-24} {worst.P50,8:0.0} {worst.P95,8:0.0} {worst.P99,8:0.0} " +
                                  $"{worst.Max,8:0.0}  {string.Join(" / ", group.Select(f => f.P95.ToString("0.0", CultureInfo.InvariantCulture)))}");
            }
        }
    }

    static async Task<string> GitAsync(string repo, string arguments)
    {
        var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(start)!;
        var text = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        return text.Trim();
    }
}
