using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace OpenCheckout.Wire;

// Request bodies as the SDK sends them and the OpenAPI document describes them: flat (the server also accepts them wrapped,
// e.g. {"product": {...}}), null properties left out, so an update changes only what it sets. The server reads bodies
// field by field (JsonFields) for its precise errors; a test holds every property here to a field the server reads.
// Every body is built with an object initializer, as Stripe.net's options are (`new CreatePriceRequest { Product = ...,
// UnitAmount = 2000 }`); what the server requires is `required`, so leaving it out does not compile. The constructors
// taking the required fields are kept for code written against the positional records these were.

public sealed record CreateProductRequest
{
    public CreateProductRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateProductRequest(string name) => Name = name;

    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool? Active { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    public string? Url { get; set; }
    public string? Gtin { get; set; }
    public string? UpcCode { get; set; }
    public string? ReferenceGtin { get; set; }
    public string? ClientReferenceId { get; set; }
    public IReadOnlyList<string>? ImageUrls { get; set; }
    public IReadOnlyList<string>? Categories { get; set; }
    /// <summary>Flex's HSA/FSA eligibility, e.g. <c>not_eligible</c> (the default).</summary>
    public string? HsaFsaEligibility { get; set; }
}

public sealed record CreateCustomerRequest
{
    public CreateCustomerRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateCustomerRequest(string email) => Email = email;

    /// <summary>One customer per email in a mode: another is a 409 <c>customer_exists</c>.</summary>
    public required string Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Phone { get; set; }
    public CustomerShipping? Shipping { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    /// <summary>A test clock (<c>fclock_</c>) of the account, test mode only; fixed once the customer exists.</summary>
    public string? TestClock { get; set; }
}

public sealed record UpdateCustomerRequest
{
    public string? Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Phone { get; set; }
    public CustomerShipping? Shipping { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record UpdateProductRequest
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool? Active { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    public string? Url { get; set; }
    public string? Gtin { get; set; }
    public string? UpcCode { get; set; }
    public string? ReferenceGtin { get; set; }
    public string? ClientReferenceId { get; set; }
    public IReadOnlyList<string>? ImageUrls { get; set; }
    public IReadOnlyList<string>? Categories { get; set; }
    /// <summary>Flex's HSA/FSA eligibility, e.g. <c>not_eligible</c> (the default).</summary>
    public string? HsaFsaEligibility { get; set; }
}

public sealed record CreatePriceRequest
{
    public CreatePriceRequest()
    {
    }

    [SetsRequiredMembers]
    public CreatePriceRequest(string product, long unitAmount)
    {
        Product = product;
        UnitAmount = unitAmount;
    }

    /// <summary>The product's id (<c>fprod_...</c>).</summary>
    public required string Product { get; set; }
    /// <summary>In the currency's minor unit (cents for usd).</summary>
    public required long UnitAmount { get; set; }
    /// <summary>Lowercase ISO 4217; the server's default is <c>usd</c>.</summary>
    public string? Currency { get; set; }
    public string? Description { get; set; }
    public bool? Active { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    /// <summary>Makes a recurring price, for subscription-mode sessions.</summary>
    public PriceRecurringRequest? Recurring { get; set; }
    /// <summary>Optional: must agree with <see cref="Recurring"/>.</summary>
    [AllowedValues("one_time", "recurring")] public string? Type { get; set; }
}

/// <summary><see cref="Interval"/>: Flex's <c>daily|weekly|monthly|yearly</c> or Stripe's <c>day|week|month|year</c>; at most three years apart.</summary>
public sealed record PriceRecurringRequest
{
    [AllowedValues("daily", "weekly", "monthly", "yearly", "day", "week", "month", "year")] public required string Interval { get; set; }
    public int? IntervalCount { get; set; }
    /// <summary>The trial a subscription to this price starts with, unless the session sets one (1–730 days).</summary>
    public int? TrialPeriodDays { get; set; }
}

/// <summary>Amount, currency, product and recurrence of a price never change: create a new price instead.</summary>
public sealed record UpdatePriceRequest
{
    public string? Description { get; set; }
    public bool? Active { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record CreateCheckoutSessionRequest
{
    public CreateCheckoutSessionRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateCheckoutSessionRequest(IReadOnlyList<CheckoutLineItemRequest> lineItems, string successUrl)
    {
        LineItems = lineItems;
        SuccessUrl = successUrl;
    }

    /// <summary>1–100 lines; amounts come from the stored prices.</summary>
    public required IReadOnlyList<CheckoutLineItemRequest> LineItems { get; set; }
    /// <summary>Where the buyer goes after paying; <c>{CHECKOUT_SESSION_ID}</c> in it is replaced by the session id.</summary>
    public required string SuccessUrl { get; set; }
    public string? CancelUrl { get; set; }
    /// <summary><c>payment</c> (the buyer pays on the hosted page) or <c>off_session</c> (charges <see cref="PaymentMethod"/>, a saved
    /// card of <see cref="Customer"/>, in this request: the session comes back complete, or a 402 card_error leaves it open).</summary>
    [AllowedValues("payment", "subscription", "off_session")] public string? Mode { get; set; }
    /// <summary>With <c>Mode = "subscription"</c>: a trial and the subscription's metadata.</summary>
    public SubscriptionDataRequest? SubscriptionData { get; set; }
    /// <summary>With <c>Mode = "off_session"</c>: the saved card (<c>fpm_</c>) to charge.</summary>
    public string? PaymentMethod { get; set; }
    /// <summary><c>off_session</c> or <c>on_session</c>: save the card the buyer pays with to the customer for later payments.</summary>
    [AllowedValues("off_session", "on_session")] public string? SetupFutureUse { get; set; }
    public string? ClientReferenceId { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    /// <summary>Prefills the hosted page.</summary>
    public SessionDefaults? Defaults { get; set; }
    /// <summary>Stripe's spelling of <c>defaults.email</c>.</summary>
    public string? CustomerEmail { get; set; }
    /// <summary>A customer (<c>fcus_</c>) the session is for: the page is prefilled from it and the payment is its.</summary>
    public string? Customer { get; set; }
    /// <summary>Unix seconds, 30 minutes to 24 hours ahead (default 24 hours).</summary>
    public long? ExpiresAt { get; set; }
    /// <summary>A tax the merchant computed, added to the total as it is.</summary>
    public TaxRateRequest? TaxRate { get; set; }
    /// <summary>Up to 10 options the buyer chooses from; the first is chosen until the buyer picks another.</summary>
    public IReadOnlyList<ShippingOptionRequest>? ShippingOptions { get; set; }
    /// <summary>Asks the buyer for a shipping address (Flex's <c>true</c>; Stripe's <c>{allowed_countries}</c> is accepted too).</summary>
    public bool? ShippingAddressCollection { get; set; }
    /// <summary>Up to 20 fees added to the total.</summary>
    public IReadOnlyList<FeeRequest>? Fees { get; set; }
    /// <summary>Coupons applied to the lines, by id or inline.</summary>
    public IReadOnlyList<DiscountRequest>? Discounts { get; set; }
    public bool? AllowPromotionCodes { get; set; }
    /// <summary><c>manual</c> authorizes at payment and waits for a capture.</summary>
    [AllowedValues("automatic", "automatic_async", "manual")] public string? CaptureMethod { get; set; }
}

public sealed record CheckoutLineItemRequest
{
    public CheckoutLineItemRequest()
    {
    }

    [SetsRequiredMembers]
    public CheckoutLineItemRequest(string price, long quantity)
    {
        Price = price;
        Quantity = quantity;
    }

    /// <summary>The price's id (<c>fprice_...</c>); <c>price_id</c> is accepted too.</summary>
    public required string Price { get; set; }
    /// <summary>1 to 999,999.</summary>
    public required long Quantity { get; set; }
}

public sealed record TaxRateRequest
{
    public TaxRateRequest()
    {
    }

    [SetsRequiredMembers]
    public TaxRateRequest(long amount) => Amount = amount;

    /// <summary>In minor units.</summary>
    public required long Amount { get; set; }
}

/// <summary>A stored rate by <see cref="ShippingRateId"/> (Stripe: <c>shipping_rate</c>), or one made for this session from
/// <see cref="ShippingRateData"/>.</summary>
public sealed record ShippingOptionRequest
{
    public string? ShippingRateId { get; set; }
    public CreateShippingRateRequest? ShippingRateData { get; set; }
}

public sealed record FeeRequest
{
    public FeeRequest()
    {
    }

    [SetsRequiredMembers]
    public FeeRequest(long amount) => Amount = amount;

    public required long Amount { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    [AllowedValues("custom")] public string? FeeType { get; set; }
}

/// <summary>A stored coupon by <see cref="CouponId"/> (Stripe: <c>coupon</c>), one made for this session from
/// <see cref="CouponData"/>, or a promotion code's coupon by <see cref="PromotionCode"/> (an <c>fpromo_</c> id; one per session).</summary>
public sealed record DiscountRequest
{
    public string? CouponId { get; set; }
    public CreateCouponRequest? CouponData { get; set; }
    public string? PromotionCode { get; set; }
}

/// <summary>Exactly one of <see cref="AmountOff"/> and <see cref="PercentOff"/>.</summary>
public sealed record CreateCouponRequest
{
    public string? Name { get; set; }
    /// <summary>In minor units of <see cref="Currency"/>.</summary>
    public long? AmountOff { get; set; }
    /// <summary>0.01 to 100, two decimals at most.</summary>
    public decimal? PercentOff { get; set; }
    public string? Currency { get; set; }
    [AllowedValues("once", "forever", "repeating")] public string? Duration { get; set; }
    public long? DurationInMonths { get; set; }
    /// <summary>Payments that may use it; counted when a payment commits.</summary>
    public long? MaxRedemptions { get; set; }
    /// <summary>Limits the coupon to lines with these prices or products.</summary>
    public CouponAppliesTo? AppliesTo { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record CreateShippingRateRequest
{
    public CreateShippingRateRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateShippingRateRequest(string displayName, long amount)
    {
        DisplayName = displayName;
        Amount = amount;
    }

    /// <summary>What the buyer sees, e.g. "Ground".</summary>
    public required string DisplayName { get; set; }
    /// <summary>In minor units (Stripe's <c>fixed_amount: {amount, currency}</c> is accepted too).</summary>
    public required long Amount { get; set; }
    public string? Currency { get; set; }
    [AllowedValues("fixed_amount")] public string? Type { get; set; }
    public bool? Active { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

/// <summary>Captures a manual-capture session's authorization: all of it, or <see cref="AmountToCapture"/>.</summary>
public sealed record CaptureCheckoutSessionRequest
{
    public long? AmountToCapture { get; set; }
    /// <summary>Becomes the capture's metadata (Flex's name).</summary>
    public IReadOnlyDictionary<string, string>? CaptureMetadata { get; set; }
}

public sealed record UpdateCaptureRequest
{
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

/// <summary>Refund a complete session: all that remains (nothing set), an <see cref="Amount"/>, or by <see cref="LineItems"/>.</summary>
public sealed record RefundCheckoutSessionRequest
{
    public long? Amount { get; set; }
    public IReadOnlyList<LineItemRefundRequest>? LineItems { get; set; }
    [AllowedValues("duplicate", "fraudulent", "requested_by_customer")] public string? Reason { get; set; }
    /// <summary>Becomes the refund's metadata.</summary>
    public IReadOnlyDictionary<string, string>? RefundMetadata { get; set; }
}

/// <summary>A line named by <see cref="Price"/> or <see cref="Product"/>; without <see cref="AmountToRefund"/>, what remains of it.</summary>
public sealed record LineItemRefundRequest
{
    public string? Price { get; set; }
    public string? Product { get; set; }
    public long? AmountToRefund { get; set; }
}

public sealed record CreateRefundRequest
{
    public CreateRefundRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateRefundRequest(string paymentIntentId) => PaymentIntentId = paymentIntentId;

    public required string PaymentIntentId { get; set; }
    /// <summary>Default: all that remains.</summary>
    public long? Amount { get; set; }
    [AllowedValues("duplicate", "fraudulent", "requested_by_customer")] public string? Reason { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record UpdateRefundRequest
{
    [AllowedValues("duplicate", "fraudulent", "requested_by_customer")] public string? Reason { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

/// <summary>Stages evidence on a dispute and, unless <see cref="Submit"/> is false, submits it (Stripe's default).</summary>
public sealed record UpdateDisputeRequest
{
    /// <summary>Fields left out stay as they were; <c>""</c> clears one.</summary>
    public DisputeEvidence? Evidence { get; set; }
    /// <summary>True or left out: submit the evidence now (the dispute becomes <c>under_review</c>; evidence can no longer
    /// change). False: only stage it.</summary>
    public bool? Submit { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record CreateWebhookRequest
{
    public CreateWebhookRequest()
    {
    }

    [SetsRequiredMembers]
    public CreateWebhookRequest(string url, IReadOnlyList<string> events)
    {
        Url = url;
        Events = events;
    }

    /// <summary>An absolute http(s) URL; in test mode it may be localhost.</summary>
    public required string Url { get; set; }
    /// <summary>Event types, e.g. <c>checkout.session.completed</c>, or <c>*</c> for all.</summary>
    public required IReadOnlyList<string> Events { get; set; }
    public string? Description { get; set; }
    /// <summary>Default: <c>enabled</c>.</summary>
    [AllowedValues("enabled", "disabled")] public string? Status { get; set; }
}

public sealed record UpdateWebhookRequest
{
    public string? Url { get; set; }
    public IReadOnlyList<string>? Events { get; set; }
    public string? Description { get; set; }
    /// <summary>Enabling again clears the failure state.</summary>
    [AllowedValues("enabled", "disabled")] public string? Status { get; set; }
}

/// <summary>Test mode only: pays as a buyer on the hosted page would. Every field is optional (default card 4242 4242 4242 4242).</summary>
public sealed record PayCheckoutSessionRequest
{
    /// <summary>A test card, e.g. <c>4000000000000002</c> to be declined.</summary>
    public string? CardNumber { get; set; }
    /// <summary><c>MM/YY</c>.</summary>
    public string? Exp { get; set; }
    public string? Cvc { get; set; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    /// <summary>One of the session's shipping options (its <c>shipping_rate_id</c>).</summary>
    public string? ShippingRate { get; set; }
    /// <summary>Required when the session collects a shipping address.</summary>
    public Address? ShippingAddress { get; set; }
}

/// <summary>Without <see cref="WebhookId"/>, every subscribed endpoint.</summary>
public sealed record RetryEventRequest(string? WebhookId);

/// <summary>Changes a subscription: a cancellation (at the period end or at a time), its items from the next period (no
/// proration), the saved card renewals charge, or its metadata.</summary>
public sealed record UpdateSubscriptionRequest
{
    public bool? CancelAtPeriodEnd { get; set; }
    /// <summary>Unix seconds in the future; null clears a scheduled cancellation.</summary>
    public long? CancelAt { get; set; }
    public IReadOnlyList<SubscriptionItemRequest>? Items { get; set; }
    /// <summary>One of the customer's saved cards (<c>fpm_</c>).</summary>
    public string? DefaultPaymentMethod { get; set; }
    /// <summary>Replaces the metadata as a whole.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record SubscriptionItemRequest
{
    public required string Price { get; set; }
    public long? Quantity { get; set; }
}

public sealed record SubscriptionDataRequest
{
    /// <summary>1–730 days free before the first charge of the recurring items; else the prices' own trial.</summary>
    public int? TrialPeriodDays { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}
