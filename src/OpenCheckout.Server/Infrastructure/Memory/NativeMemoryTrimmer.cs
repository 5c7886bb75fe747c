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
        if (!OperatingSystem.IsLinux()) return;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                MallocTrim(0);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                log.LogDebug("No malloc_trim in this C library; native memory is not trimmed.");
                return;
            }
        }
    }

    // DllImport rather than LibraryImport: a blittable signature needs no generated marshalling, and no unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);
}
