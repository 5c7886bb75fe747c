using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Turns recorded events into deliveries, one per enabled endpoint of the event's account and mode subscribed to its
/// type. Not in the transaction that records the event: a payment writes its events (the outbox) and nothing per endpoint,
/// so an account with many endpoints cannot slow every account's writes. The dispatcher runs this in the unit of work of
/// each claim; rows are taken with SKIP LOCKED, so nodes share the backlog, and an event's deliveries commit with the
/// clearing of its mark.</summary>
public sealed class WebhookFanOut(TimeProvider clock)
{
    const int Batch = 500;

    /// <summary>Fans out what is due, in <paramref name="db"/>'s unit of work; true when a full batch was done and more may be waiting.</summary>
    public async Task<bool> RunAsync(CheckoutDb db, CancellationToken ct)
    {
        var events = await db.Events.Where(e => e.FanOutDueAt != null)
            .OrderBy(e => e.FanOutDueAt)
            .Select(e => new { e.Id, e.AccountId, e.TestMode, e.Type, e.CreatedAt })
            .Take(Batch)
            .TagWith(RowLocks.SkipLocked)
            .ToListAsync(ct);
        if (events.Count == 0) return false;

        var now = clock.GetUtcNow();
        foreach (var owner in events.GroupBy(e => (e.AccountId, e.TestMode)))
        {
            var endpoints = await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.AccountId == owner.Key.AccountId && e.TestMode == owner.Key.TestMode && e.Status == WebhookStatus.Enabled)
                .Select(e => new { e.Id, e.Events, e.CreatedAt })
                .ToListAsync(ct);
            foreach (var recorded in owner)
                // An endpoint receives what happened after it was made, as it would had its deliveries been made with the event.
                foreach (var endpoint in endpoints.Where(e => e.CreatedAt <= recorded.CreatedAt && EventTypes.Matches(e.Events, recorded.Type)))
                    db.WebhookDeliveries.Add(new WebhookDelivery
                    {
                        Id = ObjectId.New(ObjectId.WebhookDelivery, now),
                        EventId = recorded.Id,
                        EndpointId = endpoint.Id,
                        NextAttemptAt = now.UtcDateTime,
                        CreatedAt = now.UtcDateTime,
                    });
        }
        await db.SaveChangesAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        await db.Events.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(u => u.SetProperty(e => e.FanOutDueAt, (DateTime?)null), ct);
        return events.Count == Batch;
    }
}
