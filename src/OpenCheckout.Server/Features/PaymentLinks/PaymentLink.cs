using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.PaymentLinks;

/// <summary>A reusable checkout: everything a session made from it gets, with inline prices, coupons and shipping rates
/// already stored (made with the link), so a visit only looks them up. What a link sells never changes; whether it takes
/// visits, its label, metadata and what follows payment may.</summary>
public sealed class PaymentLink : IOwnedObject
{
    public const int LabelLength = 200;
    public const int MessageLength = 500;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public bool Active { get; set; } = true;
    public string? Label { get; set; }
    public required string Currency { get; init; }
    public required List<PaymentLinkLine> LineItems { get; init; }
    public long Tax { get; init; }
    public required List<string> ShippingRateIds { get; init; }
    public bool ShippingAddressCollection { get; init; }
    public required List<string> ShippingAllowedCountries { get; init; }
    public required List<string> CouponIds { get; init; }
    public bool AllowPromotionCodes { get; init; }
    public required string CaptureMethod { get; init; }
    public Dictionary<string, string> PaymentIntentMetadata { get; init; } = [];
    /// <summary>Null for the hosted confirmation (the paid page, with <see cref="ConfirmationMessage"/>).</summary>
    public string? RedirectUrl { get; set; }
    public string? ConfirmationMessage { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }

    const string HostedConfirmationPath = "/pay/c/{CHECKOUT_SESSION_ID}";

    /// <summary>The success URL of a session whose link confirms on the hosted page: the session's own page.</summary>
    public static string HostedConfirmationUrl(PublicUrls urls) => urls.Base + HostedConfirmationPath;

    /// <summary>Whether <paramref name="session"/> came back to its own page once paid (whatever base URL made it).</summary>
    public static bool ConfirmsOnHostedPage(CheckoutSession session) =>
        session.PaymentLinkId is not null && session.SuccessUrl.EndsWith(HostedConfirmationPath, StringComparison.Ordinal);
}

/// <summary>A line as the link shows it: the price as it was when the link was made.</summary>
public sealed record PaymentLinkLine(string PriceId, string ProductId, string Description, long UnitAmount, string Currency, long Quantity);
