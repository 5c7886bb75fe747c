namespace OpenCheckout.Wire;

/// <summary>The answer of <c>POST /v1/test_helpers/reset</c>: what was deleted, by kind (Stripe's test-helper style: a small
/// object of its own, not an envelope of a stored object).</summary>
public sealed record TestHelpersReset(string Object, bool TestMode, TestHelpersResetDeleted Deleted, int Total)
{
    public const string ObjectName = "test_helpers.reset";
}

public sealed record TestHelpersResetDeleted(
    int CheckoutSessions,
    int PaymentIntents,
    int Refunds,
    int Disputes,
    int Customers,
    int Events,
    int WebhookDeliveries,
    int WebhookAttempts,
    int Products,
    int Prices,
    int Coupons,
    int ShippingRates,
    int IdempotencyKeys,
    int RequestLog,
    int Captures,
    int PromoCodes,
    int Subscriptions,
    int Invoices);
