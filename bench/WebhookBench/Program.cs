using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenCheckout.Bench;
using static OpenCheckout.Bench.BenchEnvironment;

// WebhookBench: webhook delivery against the Release server in its own process, to a receiver this process
// hosts on 127.0.0.1 (every signature verified). 1. Latency from a payment to the arrival of its
// checkout.session.completed, next to the pay request alone. 2. How fast a backlog of due retries drains,
// next to how fast the bench itself can post the same bodies to the same receiver.
// Run from the repository root: dotnet run -c Release --project bench/WebhookBench
//   [-- --runs 200 --warmup 20 --sessions 300 --parallel 8 --no-build --out PATH]
const string Command = "dotnet run -c Release --project bench/WebhookBench";
const int MaxCount = 1000;
var timeLimit = TimeSpan.FromMinutes(10);

if (IntOption("--runs", 200, 1) is not { } runs || IntOption("--warmup", 20, 0) is not { } warmup
    || IntOption("--sessions", 300, 10) is not { } sessions || IntOption("--parallel", 8, 1, 32) is not { } parallel) return 2;
var build = !args.Contains("--no-build");
if (FindRepositoryRoot() is not { } repo)
{
    Console.Error.WriteLine("Run WebhookBench from inside the OpenCheckout repository (no OpenCheckout.slnx found above this directory).");
    return 2;
}
var output = OptionValue("--out") is { } outPath ? Path.GetFullPath(outPath) : Path.Combine(repo, "bench", "results", "webhooks.json");
var serverDll = Path.Combine(repo, "artifacts", "bin", "OpenCheckout.Server", "release", "OpenCheckout.Server.dll");

// Everything, build included, is bounded in time; Ctrl+C ends the run the same way, through the finally below.
using var cancel = new CancellationTokenSource(timeLimit);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

AppProcess? server = null;
Receiver? receiver = null;
try
{
    if (build) await BuildServerAsync(repo, cancel.Token);
    if (!File.Exists(serverDll)) throw new FileNotFoundException($"No Release build of the server at {serverDll}; run without --no-build.");

    var testKey = "fsk_test_" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 44);
    var loadBefore = LoadAverage();
    receiver = await Receiver.StartAsync(cancel.Token);
    server = AppProcess.StartServerInTempDirectory(serverDll, Path.Combine(repo, "src", "OpenCheckout.Server"), testKey);
    Console.WriteLine($"Server pid {server.ProcessId} on {server.BaseAddress} (database in {server.TempDirectory}); receiver on {receiver.BaseAddress}");

    using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
    using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    await server.WaitUntilHealthyAsync(http, TimeSpan.FromSeconds(60), cancel.Token);
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", testKey);
    await server.WaitUntilKeyAcceptedAsync(http, TimeSpan.FromSeconds(30), cancel.Token);
    var api = new Api(http);
    var priceId = await api.CreatePriceAsync(cancel.Token);

    Console.WriteLine($"Latency: {warmup} warm-up payments, then {runs}, one at a time; endpoint subscribed to checkout.session.completed.");
    var latency = await LatencyRun.RunAsync(api, receiver, priceId, warmup, runs, cancel.Token);
    var backlog = await BacklogRun.RunAsync(api, receiver, priceId, sessions, parallel, cancel.Token);
    Console.WriteLine($"Ceiling: the bench posts the delivered bodies to the receiver itself, {CeilingRun.Concurrency} in flight.");
    var ceiling = await CeilingRun.RunAsync(receiver, backlog.Bodies, cancel.Token);
    var loadAfter = LoadAverage();

    var latencyRatio = latency.PayToDelivery.Median / latency.PayRequest.Median;
    var drainRatio = backlog.DeliveriesPerSecond / ceiling.PostsPerSecond;
    var signatureFailures = latency.SignatureFailures + backlog.SignatureFailures + ceiling.SignatureFailures;
    var problems = new List<string>(backlog.Problems);
    if (!latency.EverySessionDeliveredOnce) problems.Add("Latency phase: not every session's checkout.session.completed arrived exactly once.");
    if (signatureFailures > 0) problems.Add($"{signatureFailures} signature failures.");
    if (latency.Malformed + ceiling.Malformed > 0) problems.Add("Malformed bodies in the latency or ceiling phase.");

    Console.WriteLine();
    Console.WriteLine($"1. Payment -> delivery, {runs} payments one at a time after {warmup} warm-up");
    Console.WriteLine($"{"milliseconds",-44}{"p50",9}{"p90",9}{"p99",9}{"min",9}{"max",9}");
    PrintRow("pay -> checkout.session.completed received", latency.PayToDelivery);
    PrintRow("baseline: pay request alone", latency.PayRequest);
    Console.WriteLine($"Delivery p50 / pay request p50: {latencyRatio:0.0}x; " +
                      $"{latency.DeliveredBeforePayAnswered} of {runs} deliveries arrived before the pay request had its answer.");
    Console.WriteLine();
    Console.WriteLine($"2. Backlog drain: {backlog.Events} events from {sessions} payments ({parallel} in parallel); each first attempt answered 500");
    Console.WriteLine($"{"",-44}{"count",9}{"seconds",9}{"per s",9}");
    Console.WriteLine($"{"server: backlog drain after the switch",-44}{backlog.Delivered,9}{backlog.DrainSeconds,9:0.00}{backlog.DeliveriesPerSecond,9:0.0}");
    Console.WriteLine($"{"server: whole run, every attempt",-44}{2 * backlog.Events,9}{backlog.WholeRunSeconds,9:0.00}{backlog.WholeRunAttemptsPerSecond,9:0.0}");
    Console.WriteLine($"{$"ceiling: bench -> receiver, {CeilingRun.Concurrency} in flight",-44}{ceiling.Posts,9}{ceiling.Seconds,9:0.00}{ceiling.PostsPerSecond,9:0.0}");
    Console.WriteLine($"Drain rate / ceiling: {drainRatio:0.0000} ({drainRatio:P2}). Mean body {backlog.MeanBodyBytes:0} bytes (ceiling {ceiling.MeanBodyBytes:0}).");
    Console.WriteLine($"Pay phase {backlog.PayPhaseSeconds:0.00} s; first attempts (500) spread over {backlog.FirstAttemptsSeconds:0.00} s; " +
                      $"{backlog.DeliveredBeforeSwitch} retries were delivered before the switch; after it, every pending retry was due within " +
                      $"{backlog.AllDueAfterSwitchSeconds:0.0} s.");
    Console.WriteLine($"Per second since the first attempt, answered 500: {string.Join(' ', backlog.FailedPerSecond)}");
    Console.WriteLine($"Per second since the first attempt, answered 200: {string.Join(' ', backlog.DeliveredPerSecond)}");
    Console.WriteLine($"Events {backlog.Events} ({string.Join(", ", backlog.EventsByType.Select(e => $"{e.Key} {e.Value}"))}); " +
                      $"receiver arrivals {backlog.Arrivals}, duplicates {backlog.Duplicates}, server attempt records {backlog.ServerAttemptsRecorded}.");
    Console.WriteLine($"Signature failures: {signatureFailures}. Latency phase duplicates: {latency.Duplicates}. " +
                      $"Everything delivered exactly as expected (each event 500 then 2xx, server records agree): {(problems.Count == 0 ? "yes" : "NO")}.");
    foreach (var problem in problems.Take(20)) Console.WriteLine($"  problem: {problem}");
    Console.WriteLine();
    Console.WriteLine($"The bench (client and receiver) and the server share this machine's {Environment.ProcessorCount} logical cores; " +
                      $"load average before {loadBefore ?? "n/a"}, after {loadAfter ?? "n/a"}.");

    var result = new
    {
        Benchmark = "webhook delivery over HTTP",
        Command,
        MeasuredAtUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        GitCommit = Git(repo, "rev-parse HEAD"),
        GitWorkingTreeClean = GitWorkingTreeClean(repo),
        Machine = Machine(loadBefore, loadAfter,
            "The bench (API client, webhook receiver) and the server run on the same machine and share its cores; other processes were not stopped."),
        Server = new
        {
            Build = "Release",
            Environment = "Production",
            Start = "dotnet artifacts/bin/OpenCheckout.Server/release/OpenCheckout.Server.dll --urls " + server.BaseAddress.ToString().TrimEnd('/'),
            ContentRoot = "src/OpenCheckout.Server (its appsettings.json applies)",
            Database = "SQLite file in a temp directory (WAL, synchronous=FULL, as the server configures it)",
            Webhooks = "default settings: MaxConcurrency 32, PollInterval 1 s, Timeout 10 s",
        },
        Receiver = new
        {
#if DEBUG
            Build = "Debug",
#else
            Build = "Release",
#endif
            Host = "Kestrel inside the bench process, http://127.0.0.1:<port chosen by the OS>",
            Work = "reads the body, WebhookSignature.Verify (OpenCheckout.Core) with the endpoint's secret, parses the JSON, records the arrival time; no logging",
        },
        Percentiles = "nearest rank",
        Latency = new
        {
            What = "t0 just before POST /v1/test_helpers/checkout/sessions/{id}/pay (body {}); t1 when the receiver has read and verified " +
                   "that session's checkout.session.completed; one payment at a time; endpoint subscribed to checkout.session.completed only",
            latency.Warmup,
            latency.Runs,
            PayToDeliveryMs = latency.PayToDelivery.Rounded(),
            BaselinePayRequestMs = latency.PayRequest.Rounded(),
            DeliveryMedianOverPayMedian = Math.Round(latencyRatio, 2),
            latency.DeliveredBeforePayAnswered,
            ReceiverArrivals = latency.Arrivals,
            latency.Duplicates,
            latency.SignatureFailures,
            latency.EverySessionDeliveredOnce,
        },
        Backlog = new
        {
            What = "endpoint subscribed to *; the receiver answers 500 to the first attempt of every event while the sessions are paid " +
                   "(a retry arriving before every event has failed once is answered 200 and counted as delivered before the switch), " +
                   "then 200 to everything; the server retries each about 5 s (±10%) after its failure; " +
                   "drain = first to last successful delivery after the switch; per second = (delivered - 1) / drain seconds",
            backlog.Sessions,
            backlog.PayParallelism,
            PayPhaseSeconds = Math.Round(backlog.PayPhaseSeconds, 3),
            backlog.Events,
            backlog.EventsByType,
            MeanBodyBytes = Math.Round(backlog.MeanBodyBytes),
            FirstAttemptsSeconds = Math.Round(backlog.FirstAttemptsSeconds, 3),
            backlog.DeliveredBeforeSwitch,
            backlog.Delivered,
            DrainSeconds = Math.Round(backlog.DrainSeconds, 3),
            DeliveriesPerSecond = Math.Round(backlog.DeliveriesPerSecond, 1),
            AllRetriesDueWithinSecondsOfSwitch = Math.Round(backlog.AllDueAfterSwitchSeconds, 3),
            WholeRunSeconds = Math.Round(backlog.WholeRunSeconds, 3),
            WholeRunAttemptsPerSecond = Math.Round(backlog.WholeRunAttemptsPerSecond, 1),
            backlog.FailedPerSecond,
            backlog.DeliveredPerSecond,
            ReceiverArrivals = backlog.Arrivals,
            backlog.Duplicates,
            backlog.UnexpectedEvents,
            backlog.SignatureFailures,
            backlog.ServerAttemptsRecorded,
        },
        Ceiling = new
        {
            What = "the bench posts the backlog's delivered bodies (cycled) to the same receiver (own path and secret, the server's headers), " +
                   $"{CeilingRun.Concurrency} in flight, after {ceiling.Warmup} warm-up posts; first to last arrival; per second = (posts - 1) / seconds",
            ceiling.Posts,
            ceiling.Concurrency,
            MeanBodyBytes = Math.Round(ceiling.MeanBodyBytes),
            Seconds = Math.Round(ceiling.Seconds, 3),
            PostsPerSecond = Math.Round(ceiling.PostsPerSecond, 1),
            ceiling.SignatureFailures,
        },
        DrainOverCeiling = Math.Round(drainRatio, 4),
        SignatureFailures = signatureFailures,
        EverythingDeliveredAsExpected = problems.Count == 0,
        Problems = problems,
    };
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people to read, never embedded in HTML
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    }) + "\n");
    Console.WriteLine($"Wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), output)}");
    if (problems.Count > 0)
    {
        Console.Error.WriteLine("WebhookBench: the checks failed (see the problems above); the figures are not a valid result.");
        return 1;
    }
    return 0;
}
catch (Exception e)
{
    if (cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine($"WebhookBench stopped: cancelled, or out of time ({timeLimit.TotalMinutes:0} minutes).");
        return 2;
    }
    Console.Error.WriteLine($"WebhookBench failed: {e.Message}");
    if (server is not null) Console.Error.WriteLine($"Server output (last lines):\n{server.OutputTail()}");
    return 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
        Console.WriteLine("Server stopped, temp directory deleted.");
    }
    if (receiver is not null) await receiver.DisposeAsync();
}

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true; // exit through the finally block, which stops the server
    cancel.Cancel();
}

static void PrintRow(string name, Summary s) =>
    Console.WriteLine($"{name,-44}{s.Median,9:0.00}{s.P90,9:0.00}{s.P99,9:0.00}{s.Min,9:0.00}{s.Max,9:0.00}");

int? IntOption(string name, int fallback, int min, int max = MaxCount)
{
    if (OptionValue(name) is not { } raw) return fallback;
    if (int.TryParse(raw, out var value) && value >= min && value <= max) return value;
    Console.Error.WriteLine($"{name} must be an integer from {min} to {max}.");
    return null;
}

string? OptionValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
