using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenCheckout.Bench;

/// <summary>A system under test started as its own process (<c>dotnet app.dll --urls http://127.0.0.1:port</c>).
/// Disposing kills it and waits for it to exit (and deletes its temp directory, if it has one); it never outlives the bench.</summary>
sealed class AppProcess : IAsyncDisposable
{
    const int TailLines = 40;

    readonly Process _process;
    readonly Queue<string> _tail = new();
    int _disposed;

    AppProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }
    /// <summary>The directory holding the app's database when the process owns it (<see cref="StartServerInTempDirectory"/>).</summary>
    public string? TempDirectory { get; private init; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The Release server in Production on <paramref name="databasePath"/>; on a new file it migrates and
    /// creates the merchant whose test key is <paramref name="testKey"/> (the bootstrap key).</summary>
    public static AppProcess StartServer(string serverDll, string workingDirectory, string databasePath, string testKey) =>
        Start("OpenCheckout", serverDll, workingDirectory, ServerEnvironment(databasePath, testKey));

    /// <summary>The same, with <paramref name="settings"/> added for this server only (e.g. one feature turned off).</summary>
    public static AppProcess StartServer(string serverDll, string workingDirectory, string databasePath, string testKey,
        IReadOnlyDictionary<string, string> settings)
    {
        var environment = ServerEnvironment(databasePath, testKey);
        foreach (var (name, value) in settings) environment[name] = value;
        return Start("OpenCheckout", serverDll, workingDirectory, environment);
    }

    static Dictionary<string, string> ServerEnvironment(string databasePath, string testKey) => new(ServerSettings)
    {
        ["OpenCheckout__Database__Path"] = databasePath,
        ["OpenCheckout__Bootstrap__TestKey"] = testKey,
        ["OpenCheckout__RateLimits__Enabled"] = RateLimitsEnabled,
    };

    /// <summary>The bench sends one key's requests thousands of times a second: the per-key limit (100/s by default) is off.</summary>
    const string RateLimitsEnabled = "false";

    /// <summary>More settings for every OpenCheckout server the bench starts (e.g. telemetry on).</summary>
    public static Dictionary<string, string> ServerSettings { get; } = [];

    /// <summary>The server on a new database in a new temp directory, both deleted when it is disposed.</summary>
    public static AppProcess StartServerInTempDirectory(string serverDll, string workingDirectory, string testKey)
    {
        var tempDirectory = Directory.CreateTempSubdirectory("opencheckout-bench-").FullName;
        try
        {
            return Start("OpenCheckout", serverDll, workingDirectory, ServerEnvironment(Path.Combine(tempDirectory, "bench.db"), testKey), tempDirectory);
        }
        catch
        {
            Directory.Delete(tempDirectory, recursive: true);
            throw;
        }
    }

    public static AppProcess StartBaseline(string baselineDll, string workingDirectory) =>
        Start("baseline", baselineDll, workingDirectory, new Dictionary<string, string>());

    /// <summary>The Release server in Production as one node on a PostgreSQL database (<c>Database:Provider=Postgres</c>),
    /// named <paramref name="nodeName"/>. Only the node with <paramref name="migrate"/> applies migrations; the bootstrap key
    /// creates the merchant if the database has none yet.</summary>
    public static AppProcess StartPostgresNode(string serverDll, string workingDirectory, string connectionString, string testKey,
        string nodeName, bool migrate) =>
        Start($"OpenCheckout {nodeName}", serverDll, workingDirectory, new Dictionary<string, string>(ServerSettings)
        {
            ["OpenCheckout__Database__Provider"] = "Postgres",
            ["OpenCheckout__Database__ConnectionString"] = connectionString,
            ["OpenCheckout__Database__MigrateOnStart"] = migrate ? "true" : "false",
            ["OpenCheckout__Node__Name"] = nodeName,
            ["OpenCheckout__Bootstrap__TestKey"] = testKey,
            ["OpenCheckout__RateLimits__Enabled"] = RateLimitsEnabled,
        });

    /// <summary>Any other program (a load balancer), on <paramref name="baseAddress"/> it was configured to listen on.</summary>
    public static AppProcess StartProgram(string name, string program, IEnumerable<string> arguments, string workingDirectory,
        Dictionary<string, string> environment, Uri baseAddress)
    {
        var start = NewStartInfo(program, workingDirectory, environment);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Launch(name, start, baseAddress, null);
    }

    /// <summary>A free port on 127.0.0.1 for a program that listens where it is told.</summary>
    public static Uri FreeLoopbackAddress() => new($"http://127.0.0.1:{FreeLoopbackPort()}");

    static ProcessStartInfo NewStartInfo(string program, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Settings inherited from the caller's shell must not change what is measured.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OpenCheckout__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase)
                     || k is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS").ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    static AppProcess Start(string name, string dll, string workingDirectory, Dictionary<string, string> environment, string? tempDirectory = null)
    {
        var baseAddress = FreeLoopbackAddress();
        var start = NewStartInfo("dotnet", workingDirectory, environment);
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        return Launch(name, start, baseAddress, tempDirectory);
    }

    static AppProcess Launch(string name, ProcessStartInfo start, Uri baseAddress, string? tempDirectory)
    {
        var dll = start.ArgumentList.FirstOrDefault() ?? start.FileName;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start {dll}.");
        var app = new AppProcess(name, process, baseAddress) { TempDirectory = tempDirectory };
        // Drained continuously: a full pipe would block the app's logging and so its requests.
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Polls GET /health until it answers 200; fails early if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy.\n{OutputTail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health"), ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"{Name} was not healthy within {timeout.TotalSeconds:0} s.\n{OutputTail()}");
    }

    /// <summary>Polls an authenticated read until the key is accepted (401 while the merchant is being created).</summary>
    public async Task WaitUntilKeyAcceptedAsync(HttpClient api, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            using var response = await api.GetAsync(new Uri(BaseAddress, "/v1/products?limit=1"), ct);
            if (response.StatusCode == HttpStatusCode.OK) return;
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                throw new InvalidOperationException($"GET /v1/products answered {(int)response.StatusCode} while waiting for the test key.");
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"{Name} did not accept the test key within {timeout.TotalSeconds:0} s " +
                                   "(an existing database keeps its own merchant: pass one of its test keys).\n" + OutputTail());
    }

    public string OutputTail()
    {
        lock (_tail) return string.Join('\n', _tail);
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    /// <summary>SIGKILL, then wait: SQLite in WAL mode is crash-safe, which is what the server relies on anyway.
    /// Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            Console.Error.WriteLine($"Could not confirm that {Name} (pid {_process.Id}) exited: {e.Message}");
        }
        finally
        {
            _process.Dispose();
            if (TempDirectory is not null) TryDeleteDirectory(TempDirectory);
        }
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {path}: {e.Message}");
        }
    }
}
