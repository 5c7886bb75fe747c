using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Gives each event a unit of work saves one delivery per enabled endpoint of its account and mode subscribed to
/// its type, in the same save, and wakes the dispatcher once the unit of work has committed (not before: it must be able
/// to read the rows). A unit of work reads each account's endpoints once, however many events it records.</summary>
sealed class WebhookFanOut(WebhookSignal signal, TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is CheckoutDb db && NewEvents(db) is { Count: > 0 } events)
            foreach (var group in events.GroupBy(e => (e.AccountId, e.TestMode)))
                AddDeliveries(db, group, EnabledEndpoints(db, group.Key).ToList().Select(e => (e.Id, e.Events)).ToList());
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken ct = default)
    {
        if (eventData.Context is CheckoutDb db && NewEvents(db) is { Count: > 0 } events)
            foreach (var group in events.GroupBy(e => (e.AccountId, e.TestMode)))
                AddDeliveries(db, group, (await EnabledEndpoints(db, group.Key).ToListAsync(ct)).Select(e => (e.Id, e.Events)).ToList());
        return result;
    }

    static List<Event> NewEvents(CheckoutDb db) =>
        db.ChangeTracker.Entries<Event>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    static IQueryable<WebhookEndpoint> EnabledEndpoints(CheckoutDb db, (string AccountId, bool TestMode) owner) =>
        db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.AccountId == owner.AccountId && e.TestMode == owner.TestMode && e.Status == WebhookStatus.Enabled);

    void AddDeliveries(CheckoutDb db, IEnumerable<Event> events, List<(string Id, List<string> Events)> endpoints)
    {
        if (endpoints.Count == 0) return;
        var now = clock.GetUtcNow();
        foreach (var recorded in events)
            foreach (var endpoint in endpoints.Where(e => EventTypes.Matches(e.Events, recorded.Type)))
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = ObjectId.New(ObjectId.WebhookDelivery, now),
                    EventId = recorded.Id,
                    EndpointId = endpoint.Id,
                    NextAttemptAt = now.UtcDateTime,
                    CreatedAt = now.UtcDateTime,
                });
        signal.WakeOnCommit(db);
    }
}
