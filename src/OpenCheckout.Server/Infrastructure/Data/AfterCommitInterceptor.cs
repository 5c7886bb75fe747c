using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Runs a context's <see cref="CheckoutDb.AfterCommit"/> actions when EF Core commits: after a SaveChanges that
/// ran in no transaction of its own caller's, or when the caller's transaction commits. A rollback discards them.</summary>
sealed class AfterCommitInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        // A transaction still open commits later, and its committer runs the actions then.
        if (eventData.Context is CheckoutDb { InExternalTransaction: false } db && db.Database.CurrentTransaction is null) db.Committed();
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is CheckoutDb { InExternalTransaction: false } db && db.Database.CurrentTransaction is null) db.RolledBack();
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as CheckoutDb)?.Committed();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as CheckoutDb)?.RolledBack();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
