namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Query tags that ask a provider for row locks, for work that several nodes share. PostgreSQL turns a query so
/// tagged into <c>SELECT ... FOR UPDATE SKIP LOCKED</c>: each node takes rows no other node's open unit of work holds.
/// SQLite ignores them: its one writer already runs every unit of work alone.</summary>
public static class RowLocks
{
    public const string SkipLocked = "opencheckout:for-update-skip-locked";
}
