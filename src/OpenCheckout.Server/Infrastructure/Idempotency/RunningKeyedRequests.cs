using System.Collections.Concurrent;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>The keyed requests this process is running, so a duplicate arriving meanwhile gets its 409 at once instead of
/// running its effect up to the point where the database refuses it. Only a courtesy: what makes a request run once is the
/// database (<see cref="IIdempotencyRecords.TryAddAsync"/>), on every node.</summary>
sealed class RunningKeyedRequests
{
    readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public bool TryStart(string request) => _running.TryAdd(request, 0);

    public void End(string request) => _running.TryRemove(request, out _);

    public static string Name(IdempotencyRecord r) =>
        $"{r.AccountId}\n{r.TestMode}\n{r.Method}\n{r.Path}\n{r.Key}\n{Convert.ToHexString(r.RequestHash)}";
}
