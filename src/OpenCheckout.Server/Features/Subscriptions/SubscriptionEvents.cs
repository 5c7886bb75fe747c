using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;
using WireJson = OpenCheckout.Wire.WireJson;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>Records subscription and invoice events, each with the object as it is now, in the caller's unit of work.</summary>
public sealed class SubscriptionEvents(EventLog events, PublicUrls urls)
{
    public void Record(CheckoutDb db, string type, Subscription s) =>
        events.Record(db, s.AccountId, s.TestMode, type, "subscription", s.ToWire(), WireJson.Default.Subscription);

    public void Record(CheckoutDb db, string type, Invoice i) =>
        events.Record(db, i.AccountId, i.TestMode, type, "invoice", i.ToWire(urls), WireJson.Default.Invoice);
}
