using static OpenCheckout.Bench.BenchEnvironment;
using System.Diagnostics;
using System.Runtime.InteropServices;
using OpenCheckout.Bench;

// LoadBench: throughput, latency and memory of the Release server under concurrent load (wrk and C# workers), next to
// a bare ASP.NET Core baseline measured in the same run, on SQLite (and how GET/list/create latency changes from 10
// thousand to 1 million stored sessions), on PostgreSQL, and behind HAProxy with one and two PostgreSQL nodes.
// Run from the repository root:
//   dotnet run -c Release --project bench/LoadBench [-- --quick] [--duration S] [--warmup S] [--rounds N] [--connections 16,64,256]
//       [--targets sqlite,postgres,haproxy1,haproxy2] [--pg-connections 64] [--pg-sessions N]
//       [--sessions N] [--small-sessions N] [--no-growth] [--no-build] [--telemetry] [--out PATH]
//   dotnet run -c Release --project bench/LoadBench -- dashboard [--sessions 100000] [--rounds 3] [--requests 40]
//       [--providers sqlite,postgres] [--label NAME] [--no-build] [--out PATH]
//   dotnet run -c Release --project bench/LoadBench -- seed --sessions 1000000 --db PATH [--key fsk_test_...] [--no-build]
if (FindRepositoryRoot() is not { } repo)
{
    Console.Error.WriteLine("Run LoadBench from inside the OpenCheckout repository (no OpenCheckout.slnx found above this directory).");
    return 2;
}
var seedCommand = args.Length > 0 && args[0] == "seed";
var dashboardCommand = args.Length > 0 && args[0] == "dashboard";
var cli = new Cli(seedCommand || dashboardCommand ? args[1..] : args);

// Everything, builds and seeding included, is bounded in time; Ctrl+C, SIGTERM and SIGHUP end the run the same way,
// through the finally blocks that stop every process started (HAProxy and the PostgreSQL cluster included) and delete
// the temp directories.
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(TimeLimitMinutes));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

var serverDll = Path.Combine(repo, "artifacts", "bin", "OpenCheckout.Server", "release", "OpenCheckout.Server.dll");
var baselineDll = Path.Combine(repo, "artifacts", "bin", "BaselineApp", "release", "BaselineApp.dll");
string? tempRoot = null;
try
{
    if (seedCommand) return await SeedAsync();
    if (dashboardCommand) return await DashboardBench.RunAsync(repo, serverDll, cli, args, cancel.Token);

    var options = RunOptions.From(cli);
    if (cli.Error is not null || options is null)
    {
        Console.Error.WriteLine(cli.Error ?? "Invalid options.");
        return 2;
    }
    if (options.Build)
    {
        await BuildServerAsync(repo, cancel.Token);
        await BuildAsync(repo, Path.Combine("bench", "BaselineApp", "BaselineApp.csproj"), cancel.Token);
    }
    foreach (var dll in new[] { serverDll, baselineDll })
        if (!File.Exists(dll)) throw new FileNotFoundException($"No Release build at {dll}; run without --no-build.");
    var (wrkPath, wrkVersion) = await Wrk.EnsureInstalledAsync(cancel.Token);
    var haproxy = Haproxy.Find();
    if (haproxy is null && (options.Runs(RunOptions.Haproxy1) || options.Runs(RunOptions.Haproxy2)))
        throw new InvalidOperationException("HAProxy is not installed (apt-get install haproxy), or leave haproxy1 and haproxy2 out of --targets.");

    tempRoot = Directory.CreateTempSubdirectory("opencheckout-loadbench-").FullName;
    var runner = new Runner(options, repo, serverDll, baselineDll, tempRoot, wrkPath, wrkVersion, haproxy);
    var report = await runner.RunAsync(cancel.Token);
    report.Print();
    var output = options.Out ?? Path.Combine(repo, "bench", "results", $"load-{(options.Quick ? "quick-" : "")}{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
    await report.WriteJsonAsync(output, repo, args);
    Console.WriteLine($"Wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), output)}");
    return report.AnyErrors ? 1 : 0;
}
catch (Exception e)
{
    if (cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine($"LoadBench stopped: cancelled, or out of time ({TimeLimitMinutes} minutes).");
        return 2;
    }
    Console.Error.WriteLine($"LoadBench failed: {e.Message}");
    return 1;
}
finally
{
    if (tempRoot is not null)
    {
        try
        {
            Directory.Delete(tempRoot, recursive: true);
            Console.WriteLine("Every process started is stopped; temp directory deleted.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {tempRoot}: {e.Message}");
        }
    }
}

async Task<int> SeedAsync()
{
    var sessions = cli.Int("--sessions", 1_000_000, 1, 10_000_000);
    var db = cli.Value("--db");
    var key = cli.Value("--key");
    var build = !cli.Flag("--no-build");
    cli.RejectUnknown();
    if (db is null) cli.Fail("seed needs --db PATH (a new file, or a database the server created together with --key).");
    if (cli.Error is not null)
    {
        Console.Error.WriteLine(cli.Error);
        return 2;
    }
    var path = Path.GetFullPath(db!);
    if (File.Exists(path) && key is null)
    {
        Console.Error.WriteLine($"{path} exists: pass --key with one of its merchant's test keys (fsk_test_...), or name a new file.");
        return 2;
    }
    if (build) await BuildServerAsync(repo, cancel.Token);
    if (!File.Exists(serverDll)) throw new FileNotFoundException($"No Release build of the server at {serverDll}; run without --no-build.");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var generated = key is null;
    key ??= TestKeys.New();

    Console.WriteLine($"Migrating {path} with the server and creating the bench catalog through the API...");
    var prepared = await Datasets.PrepareAsync(serverDll, Path.GetDirectoryName(path)!, path, key, sessions, Console.WriteLine, cancel.Token);
    await using (var server = AppProcess.StartServer(serverDll, Path.GetDirectoryName(path)!, path, key))
    {
        using var api = Api.Client(server.BaseAddress, key);
        await server.WaitUntilHealthyAsync(api, TimeSpan.FromSeconds(60), cancel.Token);
        await server.WaitUntilKeyAcceptedAsync(api, TimeSpan.FromSeconds(30), cancel.Token);
        var checkedCount = await Datasets.VerifyThroughApiAsync(api, prepared, cancel.Token);
        Console.WriteLine($"Checked {checkedCount} seeded sessions and a deep cursor page through the API: all as seeded.");
    }
    Console.WriteLine($"{Seeder.CountSessions(path):N0} checkout sessions in {path}.");
    Console.WriteLine($"Prices: {prepared.Catalog.TShirtPrice} (20.00 USD), {prepared.Catalog.MugPrice} (12.50 USD).");
    if (generated) Console.WriteLine($"Merchant test key (created with this database): {key}");
    return 0;
}

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true; // exit through the finally blocks, which stop every process
    cancel.Cancel();
}

partial class Program
{
    /// <summary>Every target at 3 rounds with the 1M growth database takes about 30 minutes here.</summary>
    const int TimeLimitMinutes = 45;
}
