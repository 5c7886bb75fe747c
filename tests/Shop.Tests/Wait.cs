using System.Diagnostics;

namespace Shop.Tests;

static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it yields a value, or fails after <paramref name="seconds"/>.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> condition, string what, int seconds = 30) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition() is { } value) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Gave up waiting for {what} after {seconds} s.");
    }
}
