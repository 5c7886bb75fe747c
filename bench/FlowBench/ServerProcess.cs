using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenCheckout.Bench;

/// <summary>The server under test: its Release build started as a separate process on 127.0.0.1 with its
/// own SQLite file in a temp directory. Disposing kills the process and deletes the directory.</summary>
sealed class ServerProcess : IAsyncDisposable
{
    const int TailLines = 40;

    readonly Process _process;
    readonly Queue<string> _tail = new();
    int _disposed;

    ServerProcess(Process process, Uri baseAddress, string tempDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        TempDirectory = tempDirectory;
    }

    public Uri BaseAddress { get; }
    public string TempDirectory { get; }
    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="serverDll"/> with <paramref name="contentRoot"/> as its working directory (the
    /// server's content root: appsettings.json and wwwroot are read from there, as from a published copy).</summary>
    public static ServerProcess Start(string serverDll, string contentRoot, string testKey)
    {
        var tempDirectory = Directory.CreateTempSubdirectory("opencheckout-bench-").FullName;
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = contentRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(serverDll);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
            // Settings inherited from the caller's shell must not change what is measured.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OpenCheckout__", StringComparison.OrdinalIgnoreCase)
                         || k is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS").ToList())
                start.Environment.Remove(name);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["OpenCheckout__Database__Path"] = Path.Combine(tempDirectory, "bench.db");
            start.Environment["OpenCheckout__Bootstrap__TestKey"] = testKey;

            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var server = new ServerProcess(process, baseAddress, tempDirectory);
            // Drained continuously: a full pipe would block the server's logging and so the requests.
            process.OutputDataReceived += (_, e) => server.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return server;
        }
        catch
        {
            TryDeleteDirectory(tempDirectory);
            throw;
        }
    }

    /// <summary>Polls GET /health until it answers 200; fails early if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was healthy.\n{OutputTail()}");
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
        throw new TimeoutException($"The server was not healthy within {timeout.TotalSeconds:0} s.\n{OutputTail()}");
    }

    /// <summary>The server answers /health before it has created the bootstrap merchant (Program.cs starts Kestrel
    /// first), so the first API call could meet a 401: poll an authenticated read until the key is accepted.</summary>
    public async Task WaitUntilKeyAcceptedAsync(HttpClient api, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            using var response = await api.GetAsync("/v1/products?limit=1", ct);
            if (response.StatusCode == HttpStatusCode.OK) return;
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                throw new InvalidOperationException($"GET /v1/products answered {(int)response.StatusCode} while waiting for the test key.");
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"The server did not accept the bootstrap test key within {timeout.TotalSeconds:0} s.\n{OutputTail()}");
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

    /// <summary>Safe to call twice (the finally block and the process-exit hook may both get here).</summary>
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
            Console.Error.WriteLine($"Could not confirm that server process {_process.Id} exited: {e.Message}");
        }
        finally
        {
            _process.Dispose();
            TryDeleteDirectory(TempDirectory);
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
