using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

/// <summary>A unit of work on PostgreSQL: a transaction of its own on a pooled context (READ COMMITTED; every guard is a
/// conditional update, which waits for and then re-reads a row another transaction is changing). Concurrent commits share
/// WAL flushes: PostgreSQL writes every commit waiting at a flush in that one flush. A work that lost a race on a unique
/// index, a deadlock or a serialization failure is run again, at most <see cref="MaxAttempts"/> times. Once begun, a
/// work runs to its end whatever the caller does: its outcome must never depend on a client that went away.</summary>
sealed class PostgresUnitOfWork(IDbContextFactory<PostgresCheckoutDb> contexts, ILogger<PostgresUnitOfWork> log) : IUnitOfWork
{
    const int MaxAttempts = 3;

    public Task<T> RunAsync<T>(Func<CheckoutDb, CancellationToken, Task<T>> work, CancellationToken ct = default) =>
        Telemetry.CheckoutTelemetry.Traces.HasListeners() ? Telemetry.CheckoutTelemetry.TracedUnitOfWork(() => RunUntracedAsync(work)) : RunUntracedAsync(work);

    async Task<T> RunUntracedAsync<T>(Func<CheckoutDb, CancellationToken, Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            // The work's whole transaction rolls back on failure; a savepoint around SaveChanges would only cost round trips.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            try
            {
                var result = await work(db, CancellationToken.None);
                if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(CancellationToken.None);
                foreach (var signal in db.TakeBroadcasts())
                    await db.Database.ExecuteSqlAsync($"SELECT pg_notify({PostgresSignalListener.Channel}, {signal})", CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                return result;
            }
            catch (Exception e) when (e.IsLostRace() && attempt < MaxAttempts)
            {
                log.LogDebug(e, "A unit of work lost a race (attempt {Attempt}); running it again", attempt);
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
    }
}
