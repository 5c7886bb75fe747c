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

/// <summary>What the machine did while one scenario ran: the server's memory (sampled every 50 ms) and how the
/// CPU time split between server, load generator, other processes (other work on the machine, and kernel threads such
/// as the file system's journal), interrupts (mostly loopback networking) and the hypervisor. CPU figures are percent
/// of one core: 2 busy cores are 200.</summary>
sealed class LoadMonitor : IAsyncDisposable
{
    readonly int _serverPid;
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampler;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly double _serverCpuStart;
    readonly double _selfCpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    readonly MachineCpuTimes _machineStart = Proc.MachineCpu();
    readonly string? _loadBefore = BenchEnvironment.LoadAverage();
    long _peakRss;
    double _clientCpu;
    int? _clientPid;
    double _clientCpuStart;

    public LoadMonitor(int serverPid)
    {
        _serverPid = serverPid;
        _serverCpuStart = Proc.CpuSeconds(serverPid) ?? 0;
        _sampler = SampleAsync(_stop.Token);
    }

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
        var server = (Proc.CpuSeconds(_serverPid) ?? _serverCpuStart) - _serverCpuStart;
        var self = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _selfCpuStart;
        var client = _clientCpu + self;
        var processes = machineEnd.Processes - _machineStart.Processes;
        var interrupts = machineEnd.Interrupts - _machineStart.Interrupts;
        var steal = machineEnd.Steal - _machineStart.Steal;
        var memory = Proc.Memory(_serverPid);
        return new MachineUse(
            ServerPeakRssMb: Mb(Math.Max(_peakRss, memory?.Rss ?? 0)),
            ServerRssAfterMb: Mb(memory?.Rss ?? 0),
            ServerVmHwmMb: Mb(memory?.PeakRss ?? 0),
            ServerCpuSeconds: Math.Round(server, 3),
            ServerCpuPercent: Percent(server, elapsed),
            ClientCpuPercent: Percent(client, elapsed),
            OtherCpuPercent: Percent(Math.Max(0, processes - server - client), elapsed),
            InterruptCpuPercent: Percent(interrupts, elapsed),
            StealCpuPercent: Percent(steal, elapsed),
            MachineBusyPercentOfAllCores: Math.Round(100 * (processes + interrupts + steal) / Math.Max(1e-9, machineEnd.Total - _machineStart.Total), 1),
            LoadAverageBefore: _loadBefore,
            LoadAverageAfter: BenchEnvironment.LoadAverage());
    }

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
        if (Proc.Memory(_serverPid) is { } memory) _peakRss = Math.Max(_peakRss, memory.Rss);
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
    string? LoadAverageAfter);
