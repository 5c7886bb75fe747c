using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Features.Events;

/// <summary>"Events committed", told to every node once a unit of work that recorded events has committed (not before: readers
/// must be able to see them). One signal for every reader — the webhook dispatchers and the open event streams — so a payment
/// sends one NOTIFY, however many listen. Only a hint: readers also poll the database, which is the truth.</summary>
public sealed class EventSignal(NodeSignals signals)
{
    const string Recorded = "events-recorded";

    public void RaiseOnCommit(CheckoutDb db) => signals.RaiseOnCommit(db, Recorded);

    /// <summary>Runs <paramref name="handler"/> on this node whenever events commit on any node. It runs on the committing thread:
    /// keep it to a wake-up.</summary>
    public void OnRecorded(Action handler) => signals.On(Recorded, handler);
}

/// <summary>Raises <see cref="EventSignal"/> for every unit of work that adds events.</summary>
sealed class SignalOnEvents(EventSignal signal) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RaiseIfEvents(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken ct = default)
    {
        RaiseIfEvents(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void RaiseIfEvents(DbContext? context)
    {
        if (context is CheckoutDb db && db.ChangeTracker.Entries<Event>().Any(e => e.State == EntityState.Added)) signal.RaiseOnCommit(db);
    }
}
