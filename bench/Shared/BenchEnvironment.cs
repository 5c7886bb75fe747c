using System.Diagnostics;

namespace OpenCheckout.Bench;

/// <summary>The repository, the builds and the machine, as every bench finds and describes them
/// (linked into FlowBench, WebhookBench and LoadBench).</summary>
static class BenchEnvironment
{
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OpenCheckout.slnx"))) return dir.FullName;
        return null;
    }

    public static readonly string ServerProject = Path.Combine("src", "OpenCheckout.Server", "OpenCheckout.Server.csproj");

    public static Task BuildServerAsync(string repo, CancellationToken ct) => BuildAsync(repo, ServerProject, ct);

    /// <summary>Incremental: MSBuild rebuilds only what changed, so what is measured is the code in this tree.</summary>
    public static async Task BuildAsync(string repo, string project, CancellationToken ct)
    {
        Console.WriteLine($"Building {project} (Release)...");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, UseShellExecute = false };
        foreach (var arg in new[] { "build", project, "-c", "Release", "-nologo", "-v", "q" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet build did not start.");
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet build {project} failed with exit code {process.ExitCode}.");
    }

    public static string? Git(string repo, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in arguments.Split(' ')) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            return process.ExitCode == 0 ? text : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    public static string? CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;

    /// <summary>Whether the tree the bench was built from had no uncommitted changes (null when git is unavailable).</summary>
    public static bool? GitWorkingTreeClean(string repo) => Git(repo, "status --porcelain") is { } status ? status.Length == 0 : null;

    /// <summary>The machine a result was measured on, as every bench writes it into its JSON.</summary>
    public static MachineInfo Machine(string? loadBefore, string? loadAfter, string note) => new(
        Environment.ProcessorCount, CpuModel(), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        loadBefore, loadAfter, note);
}

sealed record MachineInfo(int LogicalCores, string? Cpu, long MemoryMb, string Os, string Runtime, string? LoadAverageBefore,
    string? LoadAverageAfter, string Note);
