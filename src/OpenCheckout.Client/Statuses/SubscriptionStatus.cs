namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.Subscription.Status"/>: trialing or active while it bills; past_due while a renewal's
/// payment is retried; canceled (final) or unpaid when retries run out; incomplete when the first payment needs another attempt.</summary>
public static class SubscriptionStatus
{
    public const string Trialing = "trialing";
    public const string Active = "active";
    public const string PastDue = "past_due";
    public const string Canceled = "canceled";
    public const string Unpaid = "unpaid";
    public const string Incomplete = "incomplete";
}

/// <summary>The values of <see cref="Wire.Invoice.Status"/>: open until paid (or void when its subscription is canceled).</summary>
public static class InvoiceStatus
{
    public const string Draft = "draft";
    public const string Open = "open";
    public const string Paid = "paid";
    public const string Uncollectible = "uncollectible";
    public const string Void = "void";
}
