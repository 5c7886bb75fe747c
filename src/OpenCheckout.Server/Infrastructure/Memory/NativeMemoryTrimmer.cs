using System.Runtime.InteropServices;

namespace OpenCheckout.Server.Infrastructure.Memory;

/// <summary>Hands memory that native code (SQLite's page caches above all, as the soft heap limit recycles them) has freed
/// back to the operating system every few seconds. glibc keeps freed blocks in its per-thread arenas: after a burst of
/// load ~19 MB of the process's resident memory was such free space, which <c>malloc_trim</c> returns. Linux with glibc
/// only; elsewhere (musl, macOS, Windows) this service does nothing.</summary>
sealed class NativeMemoryTrimmer(ILogger<NativeMemoryTrimmer> log) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (TrimNow()) continue;
            log.LogDebug("No glibc malloc_trim on this platform; native memory is not trimmed.");
            return;
        }
    }

    /// <summary>Returns free native memory to the operating system; false where the C library has no <c>malloc_trim</c>.</summary>
    internal static bool TrimNow()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: a blittable signature needs no generated marshalling, and no unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);
}
