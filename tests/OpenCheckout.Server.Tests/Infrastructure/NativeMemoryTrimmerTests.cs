using OpenCheckout.Server.Infrastructure.Memory;

namespace OpenCheckout.Server.Tests.Infrastructure;

public sealed class NativeMemoryTrimmerTests
{
    /// <summary>The server's hosts are Linux with glibc (Debian here): the trim must reach <c>malloc_trim</c> there, or
    /// the memory it exists to hand back stays with the process.</summary>
    [Fact]
    public void OnLinuxWithGlibc_TrimReachesMallocTrim() =>
        Assert.Equal(OperatingSystem.IsLinux(), NativeMemoryTrimmer.TrimNow());
}
