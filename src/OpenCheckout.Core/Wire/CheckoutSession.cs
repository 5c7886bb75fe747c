namespace OpenCheckout.Wire;

/// <summary>A checkout session as the API returns it. Both spellings are emitted where Flex and its
/// redirect guide differ (<c>id</c>/<c>checkout_session_id</c>, <c>url</c>/<c>redirect_url</c>, <c>created</c>/<c>created_at</c>).</summary>
public sealed record CheckoutSession(
    string Id,
    string CheckoutSessionId,
    string Object,
    string Status,
    string PaymentStatus,
    string Mode,
    long AmountSubtotal,
    long AmountTotal,
    string Currency,
    TotalDetails TotalDetails,
    IReadOnlyList<LineItem> LineItems,
    CustomerDetails? CustomerDetails,
    string? Customer,
    SessionDefaults? Defaults,
    string? PaymentIntent,
    long AmountRefunded,
    IReadOnlyList<string> Refunds,
    string? ClientReferenceId,
    IReadOnlyDictionary<string, string> Metadata,
    string SuccessUrl,
    string? CancelUrl,
    string Url,
    string RedirectUrl,
    long Created,
    long CreatedAt,
    long ExpiresAt,
    bool TestMode);

public sealed record TotalDetails(long AmountDiscount, long AmountTax, long AmountShipping);

public sealed record LineItem(
    string LineItemId,
    Price Price,
    long Quantity,
    string? Description,
    long AmountSubtotal,
    long AmountTotal,
    string Currency);

public sealed record CustomerDetails(string? Email, string? Name);

public sealed record SessionDefaults(string? Email, string? FirstName, string? LastName, string? Phone);

public sealed record CheckoutSessionEnvelope(CheckoutSession CheckoutSession);

public sealed record CheckoutSessionList(IReadOnlyList<CheckoutSession> CheckoutSessions, bool HasMore);

public sealed record LineItemList(IReadOnlyList<LineItem> LineItems, bool HasMore);
