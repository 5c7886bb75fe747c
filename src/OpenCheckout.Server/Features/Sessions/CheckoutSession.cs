using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A stored checkout session. Its collections are required rather than defaulted to empty: every row read
/// sets them, and a default would be allocated and thrown away for each session read.</summary>
public sealed class CheckoutSession : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Status { get; set; }
    public required string PaymentStatus { get; set; }
    public string Mode { get; init; } = "payment";
    public required string Currency { get; init; }
    /// <summary>Σ line subtotals, before discounts.</summary>
    public long AmountSubtotal { get; init; }
    /// <summary>AmountSubtotal − AmountDiscount + AmountShipping + AmountTax + AmountFees. Changes (with AmountShipping)
    /// only while open, when the buyer picks another shipping option.</summary>
    public long AmountTotal { get; set; }
    public long AmountDiscount { get; init; }
    /// <summary>The merchant's pre-computed <c>tax_rate.amount</c>.</summary>
    public long AmountTax { get; init; }
    /// <summary>The chosen shipping option's amount.</summary>
    public long AmountShipping { get; set; }
    public long AmountFees { get; init; }
    /// <summary>In the order given; each applied to what the earlier ones left.</summary>
    public required List<SessionDiscount> Discounts { get; init; }
    public required List<SessionFee> Fees { get; init; }
    /// <summary>The options offered; the buyer chooses one on the hosted page (the first is chosen until then).</summary>
    public required List<SessionShippingOption> ShippingOptions { get; init; }
    public string? ShippingRateId { get; set; }
    public bool ShippingAddressCollection { get; init; }
    /// <summary>Two-letter codes the address may be in (Stripe's <c>allowed_countries</c>); empty means any.</summary>
    public required List<string> ShippingAllowedCountries { get; init; }
    /// <summary>The address the buyer entered, stored when the session completes.</summary>
    public ShippingDetails? ShippingDetails { get; set; }
    /// <summary>The hosted page offers a promotion-code field: a code the buyer enters becomes one more discount.</summary>
    public bool AllowPromotionCodes { get; init; }
    public string CaptureMethod { get; init; } = Sessions.CaptureMethod.Automatic;
    /// <summary><c>off_session</c> or <c>on_session</c>: the card paid with is saved to the customer for later payments.</summary>
    public string? SetupFutureUse { get; init; }
    /// <summary>Snapshot of the prices at creation: a session's lines never change, whatever happens to the catalog.</summary>
    public required List<SessionLineItem> LineItems { get; init; }
    public required string SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public string? ClientReferenceId { get; init; }
    /// <summary>The payment link (<c>fplink_</c>) a visit to which made this session; null for sessions made through the API.</summary>
    public string? PaymentLinkId { get; init; }
    public required Dictionary<string, string> Metadata { get; init; }
    public SessionDefaults? Defaults { get; init; }
    public string? CustomerEmail { get; set; }
    public string? CustomerName { get; set; }
    public string? CustomerId { get; set; }
    public string? PaymentIntentId { get; set; }
    /// <summary>Mirrors the payment intent's amount refunded; changed only in the refund's transaction, under
    /// the payment intent's conditional update (see RefundService).</summary>
    public long AmountRefunded { get; set; }
    /// <summary>Ids of the session's refunds, oldest first.</summary>
    public required List<string> RefundIds { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>What a subscription-mode session starts when paid; null in the other modes.</summary>
    public SessionSubscription? Subscription { get; init; }
    /// <summary>The subscription (<c>fsub_</c>) paying the session started.</summary>
    public string? SubscriptionId { get; set; }
    /// <summary>The test clock of the session's customer (copied when it was made): its times are that clock's.</summary>
    public string? TestClockId { get; init; }
}

/// <summary>The subscription a session starts: its recurring line items (by line item id) bill <see cref="RecurringAmount"/>
/// every period from the end of the trial (<see cref="TrialPeriodDays"/>, when there is one: those lines are then free today).</summary>
public sealed record SessionSubscription(
    RecurringInterval Interval,
    int IntervalCount,
    int? TrialPeriodDays,
    List<string> RecurringLineItemIds,
    long RecurringAmount,
    Dictionary<string, string> Metadata)
{
    public Recurrence Recurrence => new(Interval, IntervalCount);
}

public sealed record SessionLineItem(
    string LineItemId,
    string PriceId,
    string ProductId,
    string? ProductName,
    string? PriceDescription,
    long UnitAmount,
    string Currency,
    long Quantity,
    long AmountSubtotal,
    long AmountTotal,
    DateTime PriceCreatedAt,
    long AmountDiscount = 0);

/// <summary>A discount as applied to a session: the coupon's terms at the time and the amount it took. One the buyer
/// entered on the hosted page also names its promotion code (<see cref="PromotionCodeId"/>, and the code as shown).</summary>
public sealed record SessionDiscount(
    string CouponId,
    string Name,
    long? AmountOff,
    long? PercentOffBasisPoints,
    List<string> AppliesToPrices,
    List<string> AppliesToProducts,
    long Amount,
    string? PromotionCodeId = null,
    string? PromotionCode = null)
{
    /// <summary>The coupon's terms, not yet applied (<see cref="SessionPricing.Discounted"/> sets the amount).</summary>
    public static SessionDiscount Of(Coupon coupon, PromoCode? promo = null) => new(coupon.Id, coupon.Name, coupon.AmountOff,
        coupon.PercentOffBasisPoints, coupon.AppliesToPrices, coupon.AppliesToProducts, 0, promo?.Id, promo?.Code);
}

public sealed record SessionFee(string? Name, string? Description, long Amount, string FeeType);

public sealed record SessionShippingOption(string ShippingRateId, string DisplayName, long Amount, Dictionary<string, string> Metadata);

public sealed record ShippingDetails(string? Name, ShippingAddress Address);

public sealed record ShippingAddress(string Line1, string? Line2, string City, string? State, string PostalCode, string Country);

public static class SessionModes
{
    public const string Payment = "payment";
    /// <summary>A merchant-initiated charge of a customer's saved card, made and paid in one request.</summary>
    public const string OffSession = "off_session";
    /// <summary>Starts a subscription: the recurring line items bill every period from the card the buyer saves.</summary>
    public const string Subscription = "subscription";
}

public static class CaptureMethod
{
    public const string Automatic = "automatic";
    public const string Manual = "manual";
}

public sealed record SessionDefaults(string? Email, string? FirstName, string? LastName, string? Phone);
