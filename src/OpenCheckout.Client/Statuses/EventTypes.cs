namespace OpenCheckout.Client;

/// <summary>The event types the server sends (<see cref="WebhookEvent.EventType"/>), named as Stripe.net's <c>EventTypes</c>
/// names them; subscribe to them with <see cref="Wire.CreateWebhookRequest.Events"/>.</summary>
public static class EventTypes
{
    /// <summary>Subscribes an endpoint to every type.</summary>
    public const string All = "*";
    public const string CheckoutSessionCompleted = "checkout.session.completed";
    public const string CheckoutSessionExpired = "checkout.session.expired";
    public const string PaymentIntentCreated = "payment_intent.created";
    public const string PaymentIntentSucceeded = "payment_intent.succeeded";
    public const string PaymentIntentPaymentFailed = "payment_intent.payment_failed";
    /// <summary>A manual-capture payment was authorized.</summary>
    public const string PaymentIntentAmountCapturableUpdated = "payment_intent.amount_capturable_updated";
    /// <summary>An authorization was released uncaptured: canceled, or lapsed (then with <see cref="ChargeExpired"/>).</summary>
    public const string PaymentIntentCanceled = "payment_intent.canceled";
    public const string ChargeSucceeded = "charge.succeeded";
    public const string ChargeCaptured = "charge.captured";
    /// <summary>An authorization lapsed uncaptured (after 7 days in test mode).</summary>
    public const string ChargeExpired = "charge.expired";
    public const string ChargeFailed = "charge.failed";
    public const string ChargeRefunded = "charge.refunded";
    public const string ChargeRefundUpdated = "charge.refund.updated";
    public const string ChargeDisputeCreated = "charge.dispute.created";
    /// <summary>Evidence was staged or submitted.</summary>
    public const string ChargeDisputeUpdated = "charge.dispute.updated";
    /// <summary>The dispute was won or lost.</summary>
    public const string ChargeDisputeClosed = "charge.dispute.closed";
    /// <summary>The disputed amount was taken back (when the dispute opened).</summary>
    public const string ChargeDisputeFundsWithdrawn = "charge.dispute.funds_withdrawn";
    /// <summary>The disputed amount came back (the dispute was won).</summary>
    public const string ChargeDisputeFundsReinstated = "charge.dispute.funds_reinstated";
    public const string RefundCreated = "refund.created";
    public const string RefundUpdated = "refund.updated";
    public const string CustomerCreated = "customer.created";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerDeleted = "customer.deleted";
    public const string CustomerSubscriptionCreated = "customer.subscription.created";
    /// <summary>Status, period, a scheduled cancellation, items or card changed.</summary>
    public const string CustomerSubscriptionUpdated = "customer.subscription.updated";
    /// <summary>The subscription was canceled.</summary>
    public const string CustomerSubscriptionDeleted = "customer.subscription.deleted";
    public const string InvoiceCreated = "invoice.created";
    public const string InvoiceFinalized = "invoice.finalized";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentSucceeded = "invoice.payment_succeeded";
    /// <summary>A renewal's charge was declined: the subscription is past_due and the invoice retried (or, after the last, not).</summary>
    public const string InvoicePaymentFailed = "invoice.payment_failed";
}
