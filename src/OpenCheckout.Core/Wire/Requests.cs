using System.ComponentModel.DataAnnotations;

namespace OpenCheckout.Wire;

// Request bodies as the SDK sends them and the OpenAPI document describes them: flat (the server also accepts them wrapped,
// e.g. {"product": {...}}), null properties left out, so an update changes only what it sets. The server reads bodies
// field by field (JsonFields) for its precise errors; a test holds every property here to a field the server reads.

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
    /// <summary>Flex's HSA/FSA eligibility, e.g. <c>not_eligible</c> (the default).</summary>
    public string? HsaFsaEligibility { get; init; }
}

public sealed record CreateCustomerRequest(string Email)
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public CustomerShipping? Shipping { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

public sealed record UpdateCustomerRequest
{
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public CustomerShipping? Shipping { get; init; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
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
    /// <summary>Flex's HSA/FSA eligibility, e.g. <c>not_eligible</c> (the default).</summary>
    public string? HsaFsaEligibility { get; init; }
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
    [AllowedValues("payment")] public string? Mode { get; init; }
    public string? ClientReferenceId { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Prefills the hosted page.</summary>
    public SessionDefaults? Defaults { get; init; }
    /// <summary>Stripe's spelling of <c>defaults.email</c>.</summary>
    public string? CustomerEmail { get; init; }
    /// <summary>Unix seconds, 30 minutes to 24 hours ahead (default 24 hours).</summary>
    public long? ExpiresAt { get; init; }
    /// <summary>A tax the merchant computed, added to the total as it is.</summary>
    public TaxRateRequest? TaxRate { get; init; }
    /// <summary>Up to 10 options the buyer chooses from; the first is chosen until the buyer picks another.</summary>
    public IReadOnlyList<ShippingOptionRequest>? ShippingOptions { get; init; }
    /// <summary>Asks the buyer for a shipping address (Flex's <c>true</c>; Stripe's <c>{allowed_countries}</c> is accepted too).</summary>
    public bool? ShippingAddressCollection { get; init; }
    /// <summary>Up to 20 fees added to the total.</summary>
    public IReadOnlyList<FeeRequest>? Fees { get; init; }
    /// <summary>Coupons applied to the lines, by id or inline.</summary>
    public IReadOnlyList<DiscountRequest>? Discounts { get; init; }
    public bool? AllowPromotionCodes { get; init; }
    /// <summary><c>manual</c> authorizes at payment and waits for a capture.</summary>
    [AllowedValues("automatic", "automatic_async", "manual")] public string? CaptureMethod { get; init; }
}

/// <param name="Price">The price's id (<c>fprice_...</c>); <c>price_id</c> is accepted too.</param>
/// <param name="Quantity">1 to 999,999.</param>
public sealed record CheckoutLineItemRequest(string Price, long Quantity);

/// <param name="Amount">In minor units.</param>
public sealed record TaxRateRequest(long Amount);

/// <summary>A stored rate by <see cref="ShippingRateId"/> (Stripe: <c>shipping_rate</c>), or one made for this session from
/// <see cref="ShippingRateData"/>.</summary>
public sealed record ShippingOptionRequest
{
    public string? ShippingRateId { get; init; }
    public CreateShippingRateRequest? ShippingRateData { get; init; }
}

public sealed record FeeRequest(long Amount)
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    [AllowedValues("custom")] public string? FeeType { get; init; }
}

/// <summary>A stored coupon by <see cref="CouponId"/> (Stripe: <c>coupon</c>), or one made for this session from
/// <see cref="CouponData"/>.</summary>
public sealed record DiscountRequest
{
    public string? CouponId { get; init; }
    public CreateCouponRequest? CouponData { get; init; }
}

/// <summary>Exactly one of <see cref="AmountOff"/> and <see cref="PercentOff"/>.</summary>
public sealed record CreateCouponRequest
{
    public string? Name { get; init; }
    /// <summary>In minor units of <see cref="Currency"/>.</summary>
    public long? AmountOff { get; init; }
    /// <summary>0.01 to 100, two decimals at most.</summary>
    public decimal? PercentOff { get; init; }
    public string? Currency { get; init; }
    [AllowedValues("once", "forever", "repeating")] public string? Duration { get; init; }
    public long? DurationInMonths { get; init; }
    /// <summary>Payments that may use it; counted when a payment commits.</summary>
    public long? MaxRedemptions { get; init; }
    /// <summary>Limits the coupon to lines with these prices or products.</summary>
    public CouponAppliesTo? AppliesTo { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <param name="DisplayName">What the buyer sees, e.g. "Ground".</param>
/// <param name="Amount">In minor units (Stripe's <c>fixed_amount: {amount, currency}</c> is accepted too).</param>
public sealed record CreateShippingRateRequest(string DisplayName, long Amount)
{
    public string? Currency { get; init; }
    [AllowedValues("fixed_amount")] public string? Type { get; init; }
    public bool? Active { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>Captures a manual-capture session's authorization: all of it, or <see cref="AmountToCapture"/>.</summary>
public sealed record CaptureCheckoutSessionRequest
{
    public long? AmountToCapture { get; init; }
}

/// <summary>Refund a complete session: all that remains (nothing set), an <see cref="Amount"/>, or by <see cref="LineItems"/>.</summary>
public sealed record RefundCheckoutSessionRequest
{
    public long? Amount { get; init; }
    public IReadOnlyList<LineItemRefundRequest>? LineItems { get; init; }
    [AllowedValues("duplicate", "fraudulent", "requested_by_customer")] public string? Reason { get; init; }
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
    [AllowedValues("duplicate", "fraudulent", "requested_by_customer")] public string? Reason { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

public sealed record UpdateRefundRequest
{
    [AllowedValues("duplicate", "fraudulent", "requested_by_customer")] public string? Reason { get; init; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <param name="Url">An absolute http(s) URL; in test mode it may be localhost.</param>
/// <param name="Events">Event types, e.g. <c>checkout.session.completed</c>, or <c>*</c> for all.</param>
public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Events)
{
    public string? Description { get; init; }
    /// <summary>Default: <c>enabled</c>.</summary>
    [AllowedValues("enabled", "disabled")] public string? Status { get; init; }
}

public sealed record UpdateWebhookRequest
{
    public string? Url { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public string? Description { get; init; }
    /// <summary>Enabling again clears the failure state.</summary>
    [AllowedValues("enabled", "disabled")] public string? Status { get; init; }
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
    /// <summary>One of the session's shipping options (its <c>shipping_rate_id</c>).</summary>
    public string? ShippingRate { get; init; }
    /// <summary>Required when the session collects a shipping address.</summary>
    public Address? ShippingAddress { get; init; }
}

/// <summary>Without <see cref="WebhookId"/>, every subscribed endpoint.</summary>
public sealed record RetryEventRequest(string? WebhookId);
