using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary>The server as a newcomer runs it: its own process, started from a directory of the test's
/// choosing, output captured. Used where the process boundary is the point (first start, restart).</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri BaseAddress { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    ServerProcess(string workingDirectory, IReadOnlyDictionary<string, string> environment, int port)
    {
        if (port == 0) port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [ServerDll, "--urls", BaseAddress.ToString()])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    /// <summary>Starts the server on <paramref name="port"/> (0: a free one) and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, int port = 0)
    {
        var server = new ServerProcess(workingDirectory, environment ?? new Dictionary<string, string>(), port);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != server._listening.Task)
            throw new InvalidOperationException($"The server did not start. Output:\n{server.Output}");
        // The default merchant's keys are printed right after the address; give the process a moment to finish the lines.
        await server.WaitForOutputAsync("Merchant account:|Created merchant account", TimeSpan.FromSeconds(30));
        return server;
    }

    public async Task WaitForOutputAsync(string pattern, TimeSpan timeout)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        var deadline = DateTime.UtcNow + timeout;
        while (!regex.IsMatch(Output) || !Output.EndsWith('\n'))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{pattern}' never appeared. Output:\n{Output}");
            await Task.Delay(50);
        }
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.Contains("OpenCheckout is listening on")) _listening.TrySetResult();
    }

    public static string ServerDll
    {
        get
        {
            // artifacts/bin/OpenCheckout.Server.Tests/<config>/ → artifacts/bin/OpenCheckout.Server/<config>/
            var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(testDir.Parent!.Parent!.FullName, "OpenCheckout.Server", testDir.Name, "OpenCheckout.Server.dll");
        }
    }

    public int Port => BaseAddress.Port;

    /// <summary>kill -9: the process ends mid-whatever, without a chance to clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
