using System.Diagnostics;
using OpenCheckout.Server.Tests.Hosting;
using OpenCheckout.Testing;

namespace OpenCheckout.Server.Tests.Processors;

/// <summary>The server's admin command as an operator runs it: its own process on the test's database, secrets in its environment.</summary>
static class AdminCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<Result> RunAsync(TestDatabase database, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [ServerProcess.ServerDll, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (name, value) in database.Settings()) start.Environment[name.Replace(":", "__")] = value;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180)); // each run starts the server process; a loaded CI machine is slow at that
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
