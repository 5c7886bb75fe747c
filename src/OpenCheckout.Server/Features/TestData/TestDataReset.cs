using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.TestClocks;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.RequestLog;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.TestData;

/// <summary>How many objects of each kind one reset deleted.</summary>
public sealed record TestDataCounts(int CheckoutSessions, int PaymentIntents, int Refunds, int Disputes, int Customers, int Events,
    int WebhookDeliveries, int WebhookAttempts, int Products, int Prices, int Coupons, int ShippingRates, int IdempotencyRecords,
    int RequestLogRows, int Captures, int PromoCodes, int Subscriptions, int Invoices)
{
    public int Total => CheckoutSessions + PaymentIntents + Refunds + Disputes + Customers + Events + WebhookDeliveries + WebhookAttempts
        + Products + Prices + Coupons + ShippingRates + IdempotencyRecords + RequestLogRows + Captures + PromoCodes + Subscriptions + Invoices;
}

/// <summary>Deletes every test-mode object of one account — sessions (their lines are part of them), payment intents (and so
/// their charges), captures, refunds, disputes, subscriptions and their invoices, customers and their saved cards, test clocks, events with their webhook deliveries and attempts, products, prices, coupons,
/// promotion codes, shipping rates, idempotency records and request log rows — in one unit of work: all of it or nothing. Never live-mode
/// data, API keys, webhook endpoints, dashboard users or another account's data. The one path of
/// <c>POST /v1/test_helpers/reset</c> and the dashboard's Developers → Test data.</summary>
public sealed class TestDataReset(IUnitOfWork writes, ActivePrices prices)
{
    public Task<TestDataCounts> ResetAsync(string accountId, CancellationToken ct) =>
        writes.RunAsync((db, ct) => DeleteAsync(db, accountId, ct), ct);

    /// <summary>Inside <paramref name="db"/>'s unit of work (the API's, which also keeps its idempotent answer there).
    /// Sessions go first: a payment holds its session's row for its whole unit of work (PaymentService), so on PostgreSQL
    /// this waits for payments in flight to commit and every later statement sees what they wrote (nothing is left behind);
    /// a payment that starts later finds its session gone and answers 404. Webhook deliveries go before their events (the
    /// one foreign key among these tables); endpoints stay. On SQLite the unit of work is one write of the single writer, so
    /// nothing interleaves with it at all.</summary>
    public async Task<TestDataCounts> DeleteAsync(CheckoutDb db, string accountId, CancellationToken ct)
    {
        var sessions = await db.CheckoutSessions.Where(s => s.AccountId == accountId && s.TestMode).ExecuteDeleteAsync(ct);
        var paymentIntents = await db.PaymentIntents.Where(p => p.AccountId == accountId && p.TestMode).ExecuteDeleteAsync(ct);
        var captures = await db.Captures.Where(c => c.AccountId == accountId && c.TestMode).ExecuteDeleteAsync(ct);
        var refunds = await db.Refunds.Where(r => r.AccountId == accountId && r.TestMode).ExecuteDeleteAsync(ct);
        var disputes = await db.Disputes.Where(d => d.AccountId == accountId && d.TestMode).ExecuteDeleteAsync(ct);
        // Saved cards are counted with their customers.
        await db.CustomerPaymentMethods.Where(m => m.AccountId == accountId && m.TestMode).ExecuteDeleteAsync(ct);
        var subscriptions = await db.Subscriptions.Where(x => x.AccountId == accountId && x.TestMode).ExecuteDeleteAsync(ct);
        var invoices = await db.Invoices.Where(i => i.AccountId == accountId && i.TestMode).ExecuteDeleteAsync(ct);
        var customers = await db.Customers.Where(c => c.AccountId == accountId && c.TestMode).ExecuteDeleteAsync(ct);
        // Test clocks go with the customers made on them (uncounted: the reset's answer predates them).
        await db.TestClocks.Where(c => c.AccountId == accountId && c.TestMode).ExecuteDeleteAsync(ct);
        var attempts = await db.WebhookAttempts.Where(a => a.AccountId == accountId && a.TestMode).ExecuteDeleteAsync(ct);
        var testEvents = db.Events; // a local: an extension property cannot appear inside the query's expression tree
        var deliveries = await db.WebhookDeliveries
            .Where(d => testEvents.Any(e => e.Id == d.EventId && e.AccountId == accountId && e.TestMode))
            .ExecuteDeleteAsync(ct);
        var events = await db.Events.Where(e => e.AccountId == accountId && e.TestMode).ExecuteDeleteAsync(ct);
        var priceCount = await db.Prices.Where(p => p.AccountId == accountId && p.TestMode).ExecuteDeleteAsync(ct);
        var products = await db.Products.Where(p => p.AccountId == accountId && p.TestMode).ExecuteDeleteAsync(ct);
        var promoCodes = await db.PromoCodes.Where(p => p.AccountId == accountId && p.TestMode).ExecuteDeleteAsync(ct);
        var coupons = await db.Coupons.Where(c => c.AccountId == accountId && c.TestMode).ExecuteDeleteAsync(ct);
        var shippingRates = await db.ShippingRates.Where(r => r.AccountId == accountId && r.TestMode).ExecuteDeleteAsync(ct);
        var idempotency = await db.IdempotencyRecords.Where(r => r.AccountId == accountId && r.TestMode).ExecuteDeleteAsync(ct);
        var requestLog = await db.RequestLog.Where(r => r.AccountId == accountId && r.TestMode).ExecuteDeleteAsync(ct);
        await db.ForgetKeptFiguresAsync(accountId, ct);
        // Sessions made from now on must not snapshot a deleted price this node (or another) still remembers.
        prices.ForgetAfterCommit(db);
        return new TestDataCounts(sessions, paymentIntents, refunds, disputes, customers, events, deliveries, attempts,
            products, priceCount, coupons, shippingRates, idempotency, requestLog, captures, promoCodes, subscriptions, invoices);
    }
}
