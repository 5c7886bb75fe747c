using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Wakes this node's dispatcher as soon as events commit. Only a hint: the database is the queue,
/// and every node also polls it, so a lost wake-up costs at most one poll interval.</summary>
public sealed class WebhookSignal
{
    readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct);
}

/// <summary>Wakes the dispatcher when a unit of work that recorded events has committed (not before: the
/// dispatcher must be able to see the rows). EF Core's commits reach it as an interceptor; the group commit, whose
/// transaction EF Core does not see, calls <see cref="Committed"/> and <see cref="RolledBack"/> itself.</summary>
public sealed class WakeDispatcherOnCommit(WebhookSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        // A transaction still open (EF Core's, or the group commit's own) commits later: its committer wakes the dispatcher then.
        if (eventData.Context is { } context && !context.Database.GetDbConnection().HasOpenTransaction()) Committed(context);
        return result;
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    // Rolled back: the events were never stored. Forget them, so a later commit on this (pooled) context does not wake for nothing.
    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        RolledBack(eventData.Context);

    public void RolledBack(DbContext? context)
    {
        if (context is CheckoutDb db) db.HasNewEvents = false;
    }

    public void Committed(DbContext? context)
    {
        if (context is not CheckoutDb { HasNewEvents: true } db) return;
        db.HasNewEvents = false;
        signal.Wake();
    }
}
