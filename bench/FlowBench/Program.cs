using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenCheckout.Bench;
using static OpenCheckout.Bench.BenchEnvironment;

// FlowBench: how long one full checkout flow takes over real HTTP against the Release server in its own
// process, next to the cheapest request (GET /health) on the same server as a baseline.
// Run from the repository root: dotnet run -c Release --project bench/FlowBench [-- --runs 100 --warmup 20 --no-build --out PATH]
const string Command = "dotnet run -c Release --project bench/FlowBench";
const int MaxRuns = 1000;

if (IntOption("--runs", 100) is not { } runs || IntOption("--warmup", 20) is not { } warmup) return 2;
var build = !args.Contains("--no-build");
if (FindRepositoryRoot() is not { } repo)
{
    Console.Error.WriteLine("Run FlowBench from inside the OpenCheckout repository (no OpenCheckout.slnx found above this directory).");
    return 2;
}
var output = OptionValue("--out") is { } outPath ? Path.GetFullPath(outPath) : Path.Combine(repo, "bench", "results", "flow.json");
var serverDll = Path.Combine(repo, "artifacts", "bin", "OpenCheckout.Server", "release", "OpenCheckout.Server.dll");

// Everything, build included, is bounded in time; Ctrl+C ends the run the same way, through the finally below.
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(15));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

AppProcess? server = null;
try
{
    if (build) await BuildServerAsync(repo, cancel.Token);
    if (!File.Exists(serverDll)) throw new FileNotFoundException($"No Release build of the server at {serverDll}; run without --no-build.");

    var testKey = "fsk_test_" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 44);
    var loadBefore = LoadAverage();
    // The project directory as content root: the build output has appsettings.json but no wwwroot, and a
    // server started there would log a missing-web-root warning that a published copy does not.
    server = AppProcess.StartServerInTempDirectory(serverDll, Path.Combine(repo, "src", "OpenCheckout.Server"), testKey);
    Console.WriteLine($"Server pid {server.ProcessId} on {server.BaseAddress} (database in {server.TempDirectory})");

    using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
    using var buyer = new HttpClient(handler, disposeHandler: false) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    using var api = new HttpClient(handler, disposeHandler: false) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", testKey);

    await server.WaitUntilHealthyAsync(buyer, TimeSpan.FromSeconds(60), cancel.Token);
    await server.WaitUntilKeyAcceptedAsync(api, TimeSpan.FromSeconds(30), cancel.Token);
    var flow = new CheckoutFlow(api, buyer, await CheckoutFlow.CreatePriceAsync(api, cancel.Token));

    Console.WriteLine($"Warm-up: {warmup} flows, {warmup} health checks; then {runs} of each, one at a time.");
    for (var i = 0; i < warmup; i++) await flow.RunAsync(cancel.Token);
    for (var i = 0; i < warmup; i++) await CheckoutFlow.HealthAsync(buyer, cancel.Token);

    var flows = new List<FlowTimes>(runs);
    for (var i = 0; i < runs; i++) flows.Add(await flow.RunAsync(cancel.Token));
    var health = new List<double>(runs);
    for (var i = 0; i < runs; i++) health.Add(await CheckoutFlow.HealthAsync(buyer, cancel.Token));
    var loadAfter = LoadAverage();

    var total = Summary.Of(flows.Select(f => f.Total).ToList());
    var baseline = Summary.Of(health);
    var steps = new (string Name, Summary Stats)[]
    {
        ("  POST /v1/checkout/sessions", Summary.Of(flows.Select(f => f.Create).ToList())),
        ("  GET /pay/c/{id}", Summary.Of(flows.Select(f => f.Page).ToList())),
        ("  POST /pay/c/{id} (4242..., 303)", Summary.Of(flows.Select(f => f.Pay).ToList())),
        ("  GET /v1/checkout/sessions/{id}", Summary.Of(flows.Select(f => f.Retrieve).ToList())),
    };
    var ratio = total.Median / baseline.Median;

    Console.WriteLine();
    Console.WriteLine($"{"milliseconds",-34}{"median",9}{"p90",9}{"p99",9}{"min",9}{"max",9}");
    PrintRow("checkout flow (4 requests)", total);
    foreach (var (name, stats) in steps) PrintRow(name, stats);
    PrintRow("baseline: GET /health", baseline);
    Console.WriteLine();
    Console.WriteLine($"Flow median / health median: {ratio:0.0}x");
    Console.WriteLine($"Client and server share this machine's {Environment.ProcessorCount} logical cores; " +
                      $"load average before {loadBefore ?? "n/a"}, after {loadAfter ?? "n/a"}.");

    var result = new
    {
        Benchmark = "checkout flow over HTTP",
        Command,
        MeasuredAtUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        GitCommit = Git(repo, "rev-parse HEAD"),
        GitWorkingTreeClean = GitWorkingTreeClean(repo),
        Machine = Machine(loadBefore, loadAfter, "Client and server run on the same machine and share its cores; other processes were not stopped."),
        Server = new
        {
            Build = "Release",
            Environment = "Production",
            Start = "dotnet artifacts/bin/OpenCheckout.Server/release/OpenCheckout.Server.dll --urls " + server.BaseAddress.ToString().TrimEnd('/'),
            ContentRoot = "src/OpenCheckout.Server (its appsettings.json and wwwroot apply)",
            Database = "SQLite file in a temp directory (WAL, synchronous=FULL, as the server configures it)",
        },
        Client = new
        {
#if DEBUG
            Build = "Debug",
#else
            Build = "Release",
#endif
            Connections = "one keep-alive connection pool for API and buyer requests; requests one at a time",
            Flow = "POST /v1/checkout/sessions (redirect guide body) -> GET /pay/c/{id} -> POST form with 4242 4242 4242 4242 " +
                   "(303 naming the id) -> GET /v1/checkout/sessions/{id} (status complete)",
        },
        Warmup = warmup,
        Runs = runs,
        Percentiles = "nearest rank",
        FlowMs = total.Rounded(),
        FlowStepsMs = new
        {
            CreateSession = steps[0].Stats.Rounded(),
            GetHostedPage = steps[1].Stats.Rounded(),
            SubmitPayment = steps[2].Stats.Rounded(),
            RetrieveSession = steps[3].Stats.Rounded(),
        },
        HealthMs = baseline.Rounded(),
        FlowMedianOverHealthMedian = Math.Round(ratio, 1),
    };
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people to read, never embedded in HTML
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    }) + "\n");
    Console.WriteLine($"Wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), output)}");
    return 0;
}
catch (Exception e)
{
    if (cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine("FlowBench stopped: cancelled, or out of time (15 minutes).");
        return 2;
    }
    Console.Error.WriteLine($"FlowBench failed: {e.Message}");
    if (server is not null) Console.Error.WriteLine($"Server output (last lines):\n{server.OutputTail()}");
    return 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
        server = null;
        Console.WriteLine("Server stopped, temp directory deleted.");
    }
}

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true; // exit through the finally block, which stops the server
    cancel.Cancel();
}

static void PrintRow(string name, Summary s) =>
    Console.WriteLine($"{name,-34}{s.Median,9:0.00}{s.P90,9:0.00}{s.P99,9:0.00}{s.Min,9:0.00}{s.Max,9:0.00}");

int? IntOption(string name, int fallback)
{
    if (OptionValue(name) is not { } raw) return fallback;
    if (int.TryParse(raw, out var value) && value is >= 1 and <= MaxRuns) return value;
    Console.Error.WriteLine($"{name} must be an integer from 1 to {MaxRuns}.");
    return null;
}

string? OptionValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

