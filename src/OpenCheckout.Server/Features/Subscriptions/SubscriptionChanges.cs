using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>The merchant's changes to a subscription (the API's and the dashboard's), inside the caller's unit of work. Each
/// takes the subscription's row first (<see cref="RowLocks.ForUpdate"/>), so a change and a renewal of the same subscription
/// run one after the other on every provider.</summary>
public sealed class SubscriptionChanges(SubscriptionEvents events, TimeProvider clock)
{
    public async Task<(Subscription? Subscription, ApiError? Refused)> UpdateAsync(CheckoutDb db, Merchant merchant, string id,
        SubscriptionChange change, CancellationToken ct)
    {
        var subscription = await FindAsync(db, merchant, id, ct);
        if (subscription is null) return (null, ApiErrors.NotFound("subscription", id));
        if (subscription.Status == SubscriptionStatus.Canceled)
            return (null, ApiErrors.StateConflict("subscription_canceled", "A canceled subscription cannot be changed."));
        var now = clock.GetUtcNow().UtcDateTime;
        if (change.CancelAt is { } cancelAt && cancelAt <= now)
            return (null, ApiErrors.Invalid("cancel_at", "parameter_invalid", "cancel_at must be in the future."));
        List<SubscriptionItem>? items = null;
        if (change.Items is { } requested)
        {
            (items, var refused) = await ItemsAsync(db, merchant, subscription, requested, ct);
            if (refused is not null) return (null, refused);
        }
        if (change.DefaultPaymentMethod is { } method && !await db.CustomerPaymentMethods.OwnedBy(merchant)
                .AnyAsync(m => m.Id == method && m.CustomerId == subscription.CustomerId, ct))
            return (null, ApiErrors.Invalid("default_payment_method", "resource_missing",
                $"No saved card {method} of customer {subscription.CustomerId}: a card is saved by paying a session."));

        var before = Json(subscription);
        if (change.CancelAtPeriodEnd is { } atPeriodEnd)
            (subscription.CancelAtPeriodEnd, subscription.CancelAt) = (atPeriodEnd, atPeriodEnd ? subscription.CurrentPeriodEnd : null);
        if (change.SetCancelAt) (subscription.CancelAt, subscription.CancelAtPeriodEnd) = (change.CancelAt, false);
        if (items is not null) subscription.PendingItems = items.SequenceEqual(subscription.Items) ? null : items;
        if (change.DefaultPaymentMethod is not null) subscription.DefaultPaymentMethodId = change.DefaultPaymentMethod;
        if (change.Metadata is not null) subscription.Metadata = change.Metadata;
        if (Json(subscription) != before)
        {
            subscription.UpdatedAt = now;
            events.Record(db, EventTypes.SubscriptionUpdated, subscription);
        }
        return (subscription, null);
    }

    /// <summary>Ends the subscription now: no further invoices, and its open ones are voided (nothing will collect them).</summary>
    public async Task<(Subscription? Subscription, ApiError? Refused)> CancelNowAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct)
    {
        var subscription = await FindAsync(db, merchant, id, ct);
        if (subscription is null) return (null, ApiErrors.NotFound("subscription", id));
        if (subscription.Status == SubscriptionStatus.Canceled)
            return (null, ApiErrors.StateConflict("subscription_canceled", "This subscription is already canceled."));
        await EndAsync(db, subscription, clock.GetUtcNow().UtcDateTime, ct);
        return (subscription, null);
    }

    /// <summary>Cancels <paramref name="subscription"/> (tracked, locked) at <paramref name="at"/>, with its event.</summary>
    public async Task EndAsync(CheckoutDb db, Subscription subscription, DateTime at, CancellationToken ct)
    {
        (subscription.Status, subscription.CanceledAt, subscription.UpdatedAt) = (SubscriptionStatus.Canceled, at, at);
        await db.Invoices.Where(i => i.SubscriptionId == subscription.Id && i.Status == InvoiceStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, InvoiceStatus.Void).SetProperty(i => i.NextPaymentAttempt, (DateTime?)null), ct);
        events.Record(db, EventTypes.SubscriptionDeleted, subscription);
    }

    static string Json(Subscription s) => JsonSerializer.Serialize(s.ToWire(), Wire.WireJson.Default.Subscription);

    static Task<Subscription?> FindAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        db.Subscriptions.OwnedBy(merchant).TagWith(RowLocks.ForUpdate).FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>New items bill from the next period: active recurring prices of the merchant on the subscription's schedule and
    /// in its currency (changing the interval would need proration, which is not done).</summary>
    static async Task<(List<SubscriptionItem>? Items, ApiError? Refused)> ItemsAsync(CheckoutDb db, Merchant merchant, Subscription subscription,
        IReadOnlyList<(string PriceId, long Quantity)> requested, CancellationToken ct)
    {
        var ids = requested.Select(r => r.PriceId).Distinct().ToList();
        var prices = await db.Prices.AsNoTracking().OwnedBy(merchant).Where(p => ids.Contains(p.Id) && p.Active)
            .Join(db.Products, p => p.ProductId, product => product.Id, (p, product) => new { Price = p, product.Name })
            .ToDictionaryAsync(p => p.Price.Id, ct);
        var items = new List<SubscriptionItem>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            var (priceId, quantity) = requested[i];
            var param = $"items[{i}].price";
            if (!prices.TryGetValue(priceId, out var found)) return (null, ApiErrors.PriceNotFound(param, priceId));
            var price = found.Price;
            if (price.Recurrence != subscription.Recurrence)
                return (null, ApiErrors.Invalid(param, "recurring_interval_mismatch",
                    "The new price must bill on the subscription's interval and interval_count; changing the interval is not supported."));
            if (price.Currency != subscription.Currency)
                return (null, ApiErrors.Invalid(param, "currency_mismatch", $"The subscription bills in {subscription.Currency}; this price is in {price.Currency}."));
            if (items.Any(x => x.PriceId == priceId))
                return (null, ApiErrors.Invalid(param, "parameter_duplicate", $"Price {priceId} is listed twice: set its quantity once."));
            items.Add(new SubscriptionItem(price.Id, price.ProductId, found.Name, price.UnitAmount, quantity));
        }
        return (items, null);
    }
}
