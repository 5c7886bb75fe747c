using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A checkout session as the API returns it. Both spellings are emitted where Flex and its
/// redirect guide differ (<c>id</c>/<c>checkout_session_id</c>, <c>url</c>/<c>redirect_url</c>, <c>created</c>/<c>created_at</c>).</summary>
public sealed record CheckoutSession(
    string Id,
    string CheckoutSessionId,
    string Object,
    [property: AllowedValues("open", "complete", "expired")] string Status,
    [property: AllowedValues("unpaid", "paid")] string PaymentStatus,
    [property: AllowedValues("payment", "subscription", "off_session")] string Mode,
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
    bool TestMode,
    TaxRate? TaxRate = null,
    ShippingOption? ShippingOptions = null,
    IReadOnlyList<ShippingOption>? AvailableShippingOptions = null,
    bool ShippingAddressCollection = false,
    ShippingDetails? ShippingDetails = null,
    IReadOnlyList<SessionDiscount>? Discounts = null,
    IReadOnlyList<Fee>? Fees = null,
    bool AllowPromotionCodes = false,
    [property: AllowedValues("automatic", "manual")] string CaptureMethod = "automatic",
    string? PaymentLink = null,
    [property: AllowedValues("off_session", "on_session")] string? SetupFutureUse = null,
    string? Subscription = null);

/// <summary>amount_total = amount_subtotal − amount_discount + amount_shipping + amount_tax + amount_fees.</summary>
public sealed record TotalDetails(long AmountDiscount, long AmountTax, long AmountShipping, long AmountFees = 0);

/// <summary>Flex's <c>tax_rate</c>: a tax amount the merchant computed, in minor units.</summary>
public sealed record TaxRate(long Amount);

/// <summary>A shipping option. On the session, <c>shipping_options</c> is the chosen one (the object Flex's client reads)
/// and <c>available_shipping_options</c> lists every option offered.</summary>
public sealed record ShippingOption(string ShippingRateId, string DisplayName, long ShippingAmount, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Stripe's shape: the buyer's name and the address entered on the hosted page.</summary>
public sealed record ShippingDetails(string? Name, Address Address);

public sealed record Address(string Line1, string? Line2, string City, string? State, string PostalCode, string Country);

/// <summary>A discount as applied: the coupon's terms and the <see cref="Amount"/> it took from the lines; one a buyer
/// entered also names its <see cref="PromotionCode"/> (<c>fpromo_</c> id, as Stripe's discount does).</summary>
public sealed record SessionDiscount(
    string CouponId,
    string Name,
    long? AmountOff,
    decimal? PercentOff,
    CouponAppliesTo? AppliesTo,
    long Amount,
    string? PromotionCode = null);

public sealed record Fee(string? Name, string? Description, long Amount, [property: AllowedValues("custom")] string FeeType);

public sealed record LineItem(
    string LineItemId,
    Price Price,
    long Quantity,
    string? Description,
    long AmountSubtotal,
    long AmountTotal,
    string Currency,
    long AmountDiscount = 0)
{
    /// <summary>The same as <see cref="LineItemId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => LineItemId;
}

public sealed record CustomerDetails(string? Email, string? Name);

public sealed record SessionDefaults(string? Email, string? FirstName, string? LastName, string? Phone);

public sealed record CheckoutSessionEnvelope(CheckoutSession CheckoutSession);

public sealed record CheckoutSessionList(IReadOnlyList<CheckoutSession> CheckoutSessions, bool HasMore);

public sealed record LineItemList(IReadOnlyList<LineItem> LineItems, bool HasMore);
