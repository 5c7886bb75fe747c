using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>The one model, shared by every provider. Each feature configures its own tables beside its entities
/// (<see cref="IEntityTypeConfiguration{TEntity}"/>) and reaches them through its own accessors, so this class names
/// no feature. Provider subclasses hold only provider tweaks and their own migrations, so queries are written once.</summary>
public abstract class CheckoutDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    // Keys in the database: anti-forgery tokens stay valid across restarts and across nodes.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    Dictionary<string, Action>? _afterCommit;

    /// <summary>Set while a transaction that EF Core does not see is open on this context's connection (the SQLite group
    /// commit's own): its committer runs the after-commit actions.</summary>
    internal bool InExternalTransaction { get; set; }

    /// <summary>Runs <paramref name="action"/> once this unit of work has committed, never if it rolls back. Actions with
    /// the same <paramref name="key"/> run once.</summary>
    public void AfterCommit(string key, Action action) => (_afterCommit ??= new(StringComparer.Ordinal))[key] = action;

    HashSet<string>? _broadcasts;

    /// <summary>Tells every node <paramref name="signal"/> when this unit of work commits (PostgreSQL's NOTIFY, sent in the
    /// transaction, so it is delivered on commit and never on rollback). Local handlers: <see cref="AfterCommit"/>.</summary>
    public void BroadcastOnCommit(string signal) => (_broadcasts ??= new(StringComparer.Ordinal)).Add(signal);

    /// <summary>The signals to send with this unit of work's commit; taken once.</summary>
    internal IReadOnlyCollection<string> TakeBroadcasts()
    {
        var broadcasts = (IReadOnlyCollection<string>?)_broadcasts ?? [];
        _broadcasts = null;
        return broadcasts;
    }

    internal void Committed()
    {
        foreach (var action in TakeAfterCommit()) action();
    }

    /// <summary>The after-commit actions registered so far, taken: the group commit keeps those of each write that
    /// succeeded and drops those of a write rolled back to its savepoint.</summary>
    internal IReadOnlyCollection<Action> TakeAfterCommit()
    {
        var actions = (IReadOnlyCollection<Action>?)_afterCommit?.Values ?? [];
        _afterCommit = null;
        return actions;
    }

    internal void RolledBack() => (_afterCommit, _broadcasts) = (null, null);

    public override void Dispose()
    {
        (_afterCommit, _broadcasts) = (null, null); // a pooled context starts its next use without the last one's actions
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        (_afterCommit, _broadcasts) = (null, null);
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder model) => model.ApplyConfigurationsFromAssembly(typeof(CheckoutDb).Assembly);
}
