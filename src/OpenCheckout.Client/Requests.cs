using OpenCheckout.Wire;

namespace OpenCheckout.Client;

// Request bodies, sent flat (the contract accepts the flat and the wrapped form). Null properties are left out, so an
// update changes only what it sets.

public sealed record CreateProductRequest(string Name)
{
    public string? Description { get; init; }
    public bool? Active { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? Url { get; init; }
    public string? Gtin { get; init; }
    public string? UpcCode { get; init; }
    public string? ReferenceGtin { get; init; }
    public string? ClientReferenceId { get; init; }
    public IReadOnlyList<string>? ImageUrls { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
}

public sealed record UpdateProductRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool? Active { get; init; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? Url { get; init; }
    public string? Gtin { get; init; }
    public string? UpcCode { get; init; }
    public string? ReferenceGtin { get; init; }
    public string? ClientReferenceId { get; init; }
    public IReadOnlyList<string>? ImageUrls { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
}

/// <param name="Product">The product's id (<c>fprod_...</c>).</param>
/// <param name="UnitAmount">In the currency's minor unit (cents for usd).</param>
public sealed record CreatePriceRequest(string Product, long UnitAmount)
{
    /// <summary>Lowercase ISO 4217; the server's default is <c>usd</c>.</summary>
    public string? Currency { get; init; }
    public string? Description { get; init; }
    public bool? Active { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>Amount, currency and product of a price never change: create a new price instead.</summary>
public sealed record UpdatePriceRequest
{
    public string? Description { get; init; }
    public bool? Active { get; init; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <param name="LineItems">1–100 lines; amounts come from the stored prices.</param>
/// <param name="SuccessUrl">Where the buyer goes after paying; <c>{CHECKOUT_SESSION_ID}</c> in it is replaced by the session id.</param>
public sealed record CreateCheckoutSessionRequest(IReadOnlyList<CheckoutLineItemRequest> LineItems, string SuccessUrl)
{
    public string? CancelUrl { get; init; }
    /// <summary><c>payment</c>, the only mode.</summary>
    public string? Mode { get; init; }
    public string? ClientReferenceId { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Prefills the hosted page.</summary>
    public SessionDefaults? Defaults { get; init; }
    /// <summary>Stripe's spelling of <c>defaults.email</c>.</summary>
    public string? CustomerEmail { get; init; }
    /// <summary>Unix seconds, 30 minutes to 24 hours ahead (default 24 hours).</summary>
    public long? ExpiresAt { get; init; }
}

/// <param name="Price">The price's id (<c>fprice_...</c>).</param>
/// <param name="Quantity">At least 1.</param>
public sealed record CheckoutLineItemRequest(string Price, long Quantity);

/// <summary>Refund a complete session: all that remains (nothing set), an <see cref="Amount"/>, or by <see cref="LineItems"/>.</summary>
public sealed record RefundCheckoutSessionRequest
{
    public long? Amount { get; init; }
    public IReadOnlyList<LineItemRefundRequest>? LineItems { get; init; }
    /// <summary><c>duplicate</c>, <c>fraudulent</c> or <c>requested_by_customer</c>.</summary>
    public string? Reason { get; init; }
    /// <summary>Becomes the refund's metadata.</summary>
    public IReadOnlyDictionary<string, string>? RefundMetadata { get; init; }
}

/// <summary>A line named by <see cref="Price"/> or <see cref="Product"/>; without <see cref="AmountToRefund"/>, what remains of it.</summary>
public sealed record LineItemRefundRequest
{
    public string? Price { get; init; }
    public string? Product { get; init; }
    public long? AmountToRefund { get; init; }
}

public sealed record CreateRefundRequest(string PaymentIntentId)
{
    /// <summary>Default: all that remains.</summary>
    public long? Amount { get; init; }
    /// <summary><c>duplicate</c>, <c>fraudulent</c> or <c>requested_by_customer</c>.</summary>
    public string? Reason { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

public sealed record UpdateRefundRequest
{
    public string? Reason { get; init; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <param name="Url">An absolute http(s) URL; in test mode it may be localhost.</param>
/// <param name="Events">Event types, e.g. <c>checkout.session.completed</c>, or <c>*</c> for all.</param>
public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Events)
{
    public string? Description { get; init; }
    /// <summary><c>enabled</c> (default) or <c>disabled</c>.</summary>
    public string? Status { get; init; }
}

public sealed record UpdateWebhookRequest
{
    public string? Url { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public string? Description { get; init; }
    /// <summary><c>enabled</c> or <c>disabled</c>; enabling again clears the failure state.</summary>
    public string? Status { get; init; }
}

/// <summary>Test mode only: pays as a buyer on the hosted page would. Every field is optional (default card 4242 4242 4242 4242).</summary>
public sealed record PayCheckoutSessionRequest
{
    /// <summary>A test card, e.g. <c>4000000000000002</c> to be declined.</summary>
    public string? CardNumber { get; init; }
    /// <summary><c>MM/YY</c>.</summary>
    public string? Exp { get; init; }
    public string? Cvc { get; init; }
    public string? Email { get; init; }
    public string? Name { get; init; }
}

sealed record RetryEventRequest(string? WebhookId);
