using System.Collections.Frozen;

namespace OpenCheckout.Server.Features.Events;

/// <summary>Flex's documented event types (contract section 10). All may be subscribed to; the constants are the ones we emit.</summary>
public static class EventTypes
{
    public const string SessionCompleted = "checkout.session.completed";
    public const string SessionExpired = "checkout.session.expired";
    public const string PaymentIntentCreated = "payment_intent.created";
    public const string PaymentIntentSucceeded = "payment_intent.succeeded";
    public const string PaymentIntentFailed = "payment_intent.payment_failed";
    public const string ChargeSucceeded = "charge.succeeded";
    /// <summary>Manual capture (Stripe's names): the payment was authorized; later, captured.</summary>
    public const string PaymentIntentAmountCapturableUpdated = "payment_intent.amount_capturable_updated";
    public const string ChargeCaptured = "charge.captured";
    /// <summary>An authorization released uncaptured: by the merchant (cancel) or because it lapsed (with <see cref="ChargeExpired"/>).</summary>
    public const string PaymentIntentCanceled = "payment_intent.canceled";
    public const string ChargeExpired = "charge.expired";
    public const string ChargeFailed = "charge.failed";
    public const string ChargeRefunded = "charge.refunded";
    public const string ChargeRefundUpdated = "charge.refund.updated";
    public const string DisputeCreated = "charge.dispute.created";
    /// <summary>Evidence staged or submitted.</summary>
    public const string DisputeUpdated = "charge.dispute.updated";
    /// <summary>Won or lost (decided, or closed by the merchant).</summary>
    public const string DisputeClosed = "charge.dispute.closed";
    /// <summary>With <see cref="DisputeCreated"/>: a card dispute takes the amount back when it opens (Stripe's order).</summary>
    public const string DisputeFundsWithdrawn = "charge.dispute.funds_withdrawn";
    /// <summary>After <see cref="DisputeClosed"/> when won.</summary>
    public const string DisputeFundsReinstated = "charge.dispute.funds_reinstated";
    public const string RefundCreated = "refund.created";
    public const string RefundUpdated = "refund.updated";
    public const string CustomerCreated = "customer.created";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerDeleted = "customer.deleted";
    public const string SubscriptionCreated = "customer.subscription.created";
    /// <summary>Any change: status (trial ended, past due, unpaid), period (renewed), cancellation set or items changed.</summary>
    public const string SubscriptionUpdated = "customer.subscription.updated";
    /// <summary>Canceled: now (DELETE), at its cancel_at or period end, or when renewal retries ran out.</summary>
    public const string SubscriptionDeleted = "customer.subscription.deleted";
    public const string InvoiceCreated = "invoice.created";
    public const string InvoiceFinalized = "invoice.finalized";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentSucceeded = "invoice.payment_succeeded";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string All = "*";

    /// <summary>Sent from the dashboard to one endpoint ("Send test event"); not a type to subscribe to, as it goes only to the
    /// endpoint it was sent to.</summary>
    public const string Test = "webhook.test";

    /// <summary>The types this server records today, as the dashboard offers them for an endpoint's filter.</summary>
    public static readonly IReadOnlyList<string> Emitted =
    [
        SessionCompleted, SessionExpired, PaymentIntentCreated, PaymentIntentSucceeded, PaymentIntentFailed, PaymentIntentAmountCapturableUpdated,
        PaymentIntentCanceled, ChargeSucceeded, ChargeCaptured, ChargeExpired, ChargeFailed, ChargeRefunded, ChargeRefundUpdated, DisputeCreated,
        DisputeUpdated, DisputeClosed, DisputeFundsWithdrawn, DisputeFundsReinstated, RefundCreated, RefundUpdated, CustomerCreated, CustomerUpdated,
        CustomerDeleted, SubscriptionCreated, SubscriptionUpdated, SubscriptionDeleted, InvoiceCreated, InvoiceFinalized, InvoicePaid,
        InvoicePaymentSucceeded, InvoicePaymentFailed,
    ];

    /// <summary>A type the events list may be filtered by: a documented one, or <see cref="Test"/>.</summary>
    public static bool Listable(string type) => type == Test || Known.Contains(type);

    public static readonly FrozenSet<string> Known = new[]
    {
        SessionCompleted, SessionExpired, PaymentIntentCreated, PaymentIntentSucceeded, PaymentIntentFailed,
        PaymentIntentAmountCapturableUpdated, PaymentIntentCanceled, ChargeSucceeded, ChargeCaptured, ChargeExpired, ChargeFailed,
        ChargeRefunded, ChargeRefundUpdated, DisputeCreated, DisputeUpdated, DisputeClosed, DisputeFundsWithdrawn, DisputeFundsReinstated,
        RefundCreated, RefundUpdated, CustomerCreated, CustomerUpdated, CustomerDeleted, SubscriptionCreated, SubscriptionUpdated,
        SubscriptionDeleted, InvoiceCreated, InvoiceFinalized, InvoicePaid, InvoicePaymentSucceeded, InvoicePaymentFailed,
    }.ToFrozenSet();

    public static bool Matches(IReadOnlyCollection<string> subscribed, string type) => subscribed.Contains(All) || subscribed.Contains(type);
}
