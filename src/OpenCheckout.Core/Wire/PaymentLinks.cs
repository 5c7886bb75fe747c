using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A shareable URL (<see cref="Url"/>) each visit to which makes a new checkout session (contract section 12).</summary>
public sealed record PaymentLink(
    string PaymentLinkId,
    string Object,
    bool Active,
    string? Label,
    string Url,
    [property: AllowedValues("payment")] string Mode,
    string Currency,
    IReadOnlyList<PaymentLinkLineItem> LineItems,
    AfterCompletion AfterCompletion,
    bool AllowPromotionCodes,
    bool ShippingAddressCollection,
    IReadOnlyList<string> ShippingOptions,
    TaxRate? TaxRate,
    IReadOnlyList<string> Discounts,
    PaymentLinkPaymentIntentData PaymentIntentData,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="PaymentLinkId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => PaymentLinkId;
}

/// <summary>A line every session of the link gets: the price as it was when the link was made.</summary>
public sealed record PaymentLinkLineItem(string PriceId, string ProductId, string Description, long UnitAmount, string Currency, long Quantity);

/// <summary><c>redirect</c> sends the buyer to <see cref="Redirect"/> (<c>{CHECKOUT_SESSION_ID}</c> replaced);
/// <c>hosted_confirmation</c> shows the paid page with <see cref="HostedConfirmation"/>'s message.</summary>
public sealed record AfterCompletion(
    [property: AllowedValues("redirect", "hosted_confirmation")] string Type,
    AfterCompletionRedirect? Redirect = null,
    HostedConfirmation? HostedConfirmation = null);

public sealed record AfterCompletionRedirect(string Url);

public sealed record HostedConfirmation(string? CustomMessage);

public sealed record PaymentLinkPaymentIntentData(
    [property: AllowedValues("automatic", "manual")] string CaptureMethod,
    IReadOnlyDictionary<string, string> Metadata);

public sealed record PaymentLinkEnvelope(PaymentLink PaymentLink);

public sealed record PaymentLinkList(IReadOnlyList<PaymentLink> PaymentLinks, bool HasMore);

public sealed record CreatePaymentLinkRequest
{
    public CreatePaymentLinkRequest()
    {
    }

    [SetsRequiredMembers]
    public CreatePaymentLinkRequest(IReadOnlyList<PaymentLinkLineItemRequest> lineItems) => LineItems = lineItems;

    /// <summary>1–100 lines, each a stored price or inline <c>price_data</c> (which creates the product and price).</summary>
    public required IReadOnlyList<PaymentLinkLineItemRequest> LineItems { get; set; }
    public string? Label { get; set; }
    /// <summary><c>payment</c>: recurring prices (and so <c>subscription</c>) are not supported yet.</summary>
    [AllowedValues("payment")] public string? Mode { get; set; }
    public AfterCompletion? AfterCompletion { get; set; }
    public bool? AllowPromotionCodes { get; set; }
    public bool? ShippingAddressCollection { get; set; }
    public IReadOnlyList<ShippingOptionRequest>? ShippingOptions { get; set; }
    public TaxRateRequest? TaxRate { get; set; }
    /// <summary>Coupons by id or inline <c>coupon_data</c> (created with the link).</summary>
    public IReadOnlyList<DiscountRequest>? Discounts { get; set; }
    public PaymentIntentDataRequest? PaymentIntentData { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

public sealed record PaymentLinkLineItemRequest
{
    /// <summary>A stored one-time price (<c>fprice_</c>); or set <see cref="PriceData"/>.</summary>
    public string? Price { get; set; }
    public PriceDataRequest? PriceData { get; set; }
    public required long Quantity { get; set; }
}

/// <summary>An inline price: of a stored <see cref="Product"/>, or of a new one named by <see cref="ProductData"/>.</summary>
public sealed record PriceDataRequest
{
    public string? Currency { get; set; }
    public required long UnitAmount { get; set; }
    public string? Product { get; set; }
    public ProductDataRequest? ProductData { get; set; }
}

public sealed record ProductDataRequest
{
    public required string Name { get; set; }
    public string? Description { get; set; }
}

public sealed record PaymentIntentDataRequest
{
    [AllowedValues("automatic", "manual")] public string? CaptureMethod { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
}

/// <summary>What may change once a link exists: whether it takes visits, its label, metadata and after-completion.</summary>
public sealed record UpdatePaymentLinkRequest
{
    public bool? Active { get; set; }
    public string? Label { get; set; }
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    public AfterCompletion? AfterCompletion { get; set; }
}
