using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenCheckout.Cli.Tests;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>The CLI as a user runs it: <c>dotnet opencheckout.dll ...</c>, its own process, real HTTP.</summary>
public static class Cli
{
    // Generous: a loaded 2-core CI machine starts a .NET process in seconds, not milliseconds.
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>artifacts/bin/OpenCheckout.Cli.Tests/&lt;config&gt;/ → artifacts/bin/OpenCheckout.Cli/&lt;config&gt;/opencheckout.dll</summary>
    public static string Dll => Sibling("OpenCheckout.Cli", "opencheckout.dll");

    public static string ServerDll => Sibling("OpenCheckout.Server", "OpenCheckout.Server.dll");

    static string Sibling(string project, string file)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(testDir.Parent!.Parent!.FullName, project, testDir.Name, file);
    }

    /// <summary>The process, with none of the developer's own OPENCHECKOUT_* settings leaking in.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OPENCHECKOUT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        using var process = Process.Start(StartInfo(args, environment ?? new Dictionary<string, string>(), workingDirectory))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The CLI did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', args)}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A long-running CLI command (<c>listen</c>): output collected line by line as it is printed, signals sent like a
/// terminal or a CI runner would, and killed on dispose if it is still running.</summary>
public sealed class CliProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _stdout = new();
    readonly StringBuilder _stderr = new();

    CliProcess(Process process) => _process = process;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var process = new Process { StartInfo = Cli.StartInfo(args, environment) };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stdout) cli._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stderr) cli._stderr.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>The first match of <paramref name="pattern"/> in stdout, waiting for it to be printed.</summary>
    public async Task<Match> WaitForAsync(string pattern, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var match = regex.Match(Stdout);
            if (match.Success) return match;
            if (_process.HasExited && !regex.IsMatch(Stdout))
                throw new InvalidOperationException($"The CLI exited ({_process.ExitCode}) before printing '{pattern}'.\n{this}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{pattern}' never appeared.\n{this}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGINT (2) or SIGTERM (15), as Ctrl+C or a CI runner's cancel would, and waits for the exit code.</summary>
    public async Task<int> StopAsync(int signal, TimeSpan? timeout = null)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The CLI did not exit after signal {signal}: {Threads()}\n{this}");
        }
        // Let the asynchronous readers drain the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Whether the process is still there and, if so, its threads by name: where a hang is.</summary>
    string Threads()
    {
        if (_process.HasExited) return $"the process exited ({_process.ExitCode}) but its output did not end";
        try
        {
            var names = Directory.GetDirectories($"/proc/{_process.Id}/task")
                .Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim());
            return "still running; threads: " + string.Join(", ", names);
        }
        catch (IOException e)
        {
            return "threads unreadable: " + e.Message;
        }
    }

    public const int SigInt = 2;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    public override string ToString() => $"--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

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
