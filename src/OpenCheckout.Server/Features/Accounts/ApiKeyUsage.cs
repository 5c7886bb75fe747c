using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>When each key was last used, for the dashboard: requests note it in memory, and a background loop writes it
/// at most once a minute per key and node (a conditional update, so nodes never move it back), off the request path.</summary>
public sealed class ApiKeyUsage(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ApiKeyUsage> log) : BackgroundService
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMinutes(1);
    readonly ConcurrentDictionary<string, DateTime> _used = new(StringComparer.Ordinal);

    public void Note(string keyId) => _used[keyId] = clock.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await FlushAsync(CancellationToken.None); // what the last minute noted, on the way down
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_used.IsEmpty) return;
        var batch = _used.ToArray();
        foreach (var (id, at) in batch) _used.TryRemove(KeyValuePair.Create(id, at));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().RunAsync(async (db, ct) =>
            {
                foreach (var (id, at) in batch)
                    await db.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < at))
                        .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, at), ct);
                return 0;
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record when {Count} API keys were last used; they are recorded on the next use.", batch.Length);
        }
    }
}
