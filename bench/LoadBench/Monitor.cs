using System.Diagnostics;

namespace OpenCheckout.Bench;

/// <summary>Linux /proc readings: a process's memory and CPU time, and the whole machine's CPU time.</summary>
static class Proc
{
    /// <summary>USER_HZ, the unit of /proc CPU times; asked of getconf once, 100 on every common Linux.</summary>
    public static readonly double TicksPerSecond = ClockTicks();

    /// <summary>(VmRSS, VmHWM) in bytes; null once the process is gone.</summary>
    public static (long Rss, long PeakRss)? Memory(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kilobytes(line);
            }
            return (rss, hwm);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>User + system CPU seconds of a process (utime + stime); null once it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may itself hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond; // fields 14 and 15 of stat(5)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds of a parent and its children: its own time, its exited children's it has waited for (cutime,
    /// cstime) and every live child's. A difference of two readings is what the tree used between them, children that
    /// started or ended in between included (PostgreSQL's postmaster and its backends).</summary>
    public static double? TreeCpuSeconds(int parent)
    {
        try
        {
            var own = StatFields(parent);
            var total = (long.Parse(own[11]) + long.Parse(own[12]) + long.Parse(own[13]) + long.Parse(own[14])) / TicksPerSecond;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == parent) continue;
                try
                {
                    var fields = StatFields(pid);
                    if (int.Parse(fields[1]) == parent) total += (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // Gone meanwhile: its time is in the parent's cutime/cstime now.
                }
            }
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/pid/stat after the command name (field 3 of stat(5) is index 0).</summary>
    static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>CPU seconds of the whole machine, summed over all cores (/proc/stat): time in processes (user, nice,
    /// system: kernel threads included), in interrupts (irq, softirq: loopback networking is mostly here), stolen by
    /// the hypervisor, and in all.</summary>
    public static MachineCpuTimes MachineCpu()
    {
        var t = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v) / TicksPerSecond).ToArray();
        return new MachineCpuTimes(t[0] + t[1] + t[2], t[5] + t[6], t[7], t.Sum());
    }


    static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            var text = getconf?.StandardOutput.ReadToEnd().Trim();
            getconf?.WaitForExit(5000);
            return double.TryParse(text, out var ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}

readonly record struct MachineCpuTimes(double Processes, double Interrupts, double Steal, double Total);

/// <summary>The processes one measured system is made of: the server processes (one, or the nodes behind a balancer), the
/// balancer, and PostgreSQL's postmaster (whose children, the backends, are counted with it).</summary>
sealed record SystemProcesses(IReadOnlyList<int> Servers, int? Proxy = null, int? Database = null);

/// <summary>What the machine did while one scenario ran: the server's memory (sampled every 50 ms; with several nodes, the
/// peak of their sum) and how the CPU time split between server, PostgreSQL, the balancer, load generator, other processes
/// (other work on the machine, and kernel threads such as the file system's journal), interrupts (mostly loopback
/// networking) and the hypervisor. CPU figures are percent of one core: 2 busy cores are 200.</summary>
sealed class LoadMonitor : IAsyncDisposable
{
    readonly SystemProcesses _system;
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampler;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly double _serverCpuStart;
    readonly double _proxyCpuStart;
    readonly double _databaseCpuStart;
    readonly double _selfCpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    readonly MachineCpuTimes _machineStart = Proc.MachineCpu();
    readonly string? _loadBefore = BenchEnvironment.LoadAverage();
    long _peakRss;
    double _clientCpu;
    int? _clientPid;
    double _clientCpuStart;

    public LoadMonitor(int serverPid) : this(new SystemProcesses([serverPid]))
    {
    }

    public LoadMonitor(SystemProcesses system)
    {
        _system = system;
        _serverCpuStart = ServerCpu();
        _proxyCpuStart = system.Proxy is { } proxy ? Proc.CpuSeconds(proxy) ?? 0 : 0;
        _databaseCpuStart = system.Database is { } database ? Proc.TreeCpuSeconds(database) ?? 0 : 0;
        _sampler = SampleAsync(_stop.Token);
    }

    double ServerCpu() => _system.Servers.Sum(pid => Proc.CpuSeconds(pid) ?? 0);

    /// <summary>A load generator running as its own process (wrk): its CPU time counts as the client's.</summary>
    public void WatchClient(int pid)
    {
        _clientCpuStart = Proc.CpuSeconds(pid) ?? 0;
        _clientPid = pid;
    }

    public async Task<MachineUse> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        Sample();
        var elapsed = _clock.Elapsed.TotalSeconds;
        var machineEnd = Proc.MachineCpu();
        var server = Math.Max(0, ServerCpu() - _serverCpuStart);
        double? proxy = _system.Proxy is { } proxyPid ? Math.Max(0, (Proc.CpuSeconds(proxyPid) ?? _proxyCpuStart) - _proxyCpuStart) : null;
        double? database = _system.Database is { } databasePid
            ? Math.Max(0, (Proc.TreeCpuSeconds(databasePid) ?? _databaseCpuStart) - _databaseCpuStart)
            : null;
        var self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _selfCpuStart;
        var client = _clientCpu + self;
        var processes = machineEnd.Processes - _machineStart.Processes;
        var interrupts = machineEnd.Interrupts - _machineStart.Interrupts;
        var steal = machineEnd.Steal - _machineStart.Steal;
        var rss = Rss();
        return new MachineUse(
            ServerPeakRssMb: Mb(Math.Max(_peakRss, rss)),
            ServerRssAfterMb: Mb(rss),
            ServerVmHwmMb: Mb(_system.Servers.Sum(pid => Proc.Memory(pid)?.PeakRss ?? 0)),
            ServerCpuSeconds: Math.Round(server, 3),
            ServerCpuPercent: Percent(server, elapsed),
            ClientCpuPercent: Percent(client, elapsed),
            OtherCpuPercent: Percent(Math.Max(0, processes - server - client - (proxy ?? 0) - (database ?? 0)), elapsed),
            InterruptCpuPercent: Percent(interrupts, elapsed),
            StealCpuPercent: Percent(steal, elapsed),
            MachineBusyPercentOfAllCores: Math.Round(100 * (processes + interrupts + steal) / Math.Max(1e-9, machineEnd.Total - _machineStart.Total), 1),
            LoadAverageBefore: _loadBefore,
            LoadAverageAfter: BenchEnvironment.LoadAverage())
        {
            DatabaseCpuSeconds = database is { } d ? Math.Round(d, 3) : null,
            DatabaseCpuPercent = database is { } dp ? Percent(dp, elapsed) : null,
            ProxyCpuSeconds = proxy is { } p ? Math.Round(p, 3) : null,
            ProxyCpuPercent = proxy is { } pp ? Percent(pp, elapsed) : null,
        };
    }

    long Rss() => _system.Servers.Sum(pid => Proc.Memory(pid)?.Rss ?? 0);

    async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) Sample();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    void Sample()
    {
        _peakRss = Math.Max(_peakRss, Rss());
        // wrk's last sample is at most 50 ms before it exits, when its run is already over.
        if (_clientPid is { } pid && Proc.CpuSeconds(pid) is { } cpu) _clientCpu = cpu - _clientCpuStart;
    }

    static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);

    /// <summary>Percent of one core, so 2 cores fully busy is 200.</summary>
    static double Percent(double cpuSeconds, double elapsed) => Math.Round(100 * cpuSeconds / Math.Max(1e-9, elapsed), 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _stop.Dispose();
    }
}

sealed record MachineUse(
    double ServerPeakRssMb,
    double ServerRssAfterMb,
    double ServerVmHwmMb,
    double ServerCpuSeconds,
    double ServerCpuPercent,
    double ClientCpuPercent,
    double OtherCpuPercent,
    double InterruptCpuPercent,
    double StealCpuPercent,
    double MachineBusyPercentOfAllCores,
    string? LoadAverageBefore,
    string? LoadAverageAfter)
{
    /// <summary>PostgreSQL (the postmaster and its backends), for the targets on it; null otherwise.</summary>
    public double? DatabaseCpuSeconds { get; init; }
    public double? DatabaseCpuPercent { get; init; }
    /// <summary>HAProxy, for the balanced targets; null otherwise.</summary>
    public double? ProxyCpuSeconds { get; init; }
    public double? ProxyCpuPercent { get; init; }
}
