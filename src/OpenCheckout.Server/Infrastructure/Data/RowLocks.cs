using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Locks for work that several nodes share. <see cref="SkipLocked"/> is a query tag: PostgreSQL turns a query so
/// tagged into <c>SELECT ... FOR UPDATE SKIP LOCKED</c>, so each node takes rows no other node's open unit of work holds.
/// SQLite ignores both: its one writer already runs every unit of work alone.</summary>
public static class RowLocks
{
    public const string SkipLocked = "opencheckout:for-update-skip-locked";

    /// <summary>Holds a lock named <paramref name="name"/> until this unit of work ends, for a check-then-create that no
    /// row exists yet to lock (PostgreSQL: a transaction-scoped advisory lock).</summary>
    public static Task LockUntilCommitAsync(this CheckoutDb db, string name, CancellationToken ct) =>
        db.Database.IsNpgsql() ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({name}))", ct) : Task.CompletedTask;
}
