namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Where every write goes: runs a unit of work in a transaction of its own and completes once that has
/// committed, so a 2xx always means "durable". The work adds entities to the context it is given, runs conditional
/// updates, reads what it needs, and returns; it must not begin or commit transactions, and may be run again (a
/// provider retries a work that lost a race on a unique index). Throwing rolls back everything the work did. SQLite
/// runs it as one savepoint of a group commit; PostgreSQL as a transaction of its own.</summary>
public interface IUnitOfWork
{
    Task<T> RunAsync<T>(Func<CheckoutDb, CancellationToken, Task<T>> work, CancellationToken ct = default);
}
