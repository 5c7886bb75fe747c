using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Locks for work that several nodes share, as query tags: PostgreSQL turns a query tagged <see cref="SkipLocked"/>
/// into <c>SELECT ... FOR UPDATE SKIP LOCKED</c>, so each node takes rows no other node's open unit of work holds, and one
/// tagged <see cref="ForUpdate"/> into <c>SELECT ... FOR UPDATE</c>, for a read-then-write of one row that must see what a
/// concurrent unit of work committed. SQLite ignores them all: its one writer already runs every unit of work alone.</summary>
public static class RowLocks
{
    public const string SkipLocked = "opencheckout:skip-locked";
    public const string ForUpdate = "opencheckout:for-update";

    /// <summary>Holds a lock named <paramref name="name"/> until this unit of work ends, for a check-then-create that no
    /// row exists yet to lock (PostgreSQL: a transaction-scoped advisory lock).</summary>
    public static Task LockUntilCommitAsync(this CheckoutDb db, string name, CancellationToken ct) =>
        db.Database.IsNpgsql() ? db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({name}))", ct) : Task.CompletedTask;
}
