using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.PaymentLinks;

static class PaymentLinkWire
{
    public static Wire.PaymentLink ToWire(this PaymentLink l, PublicUrls urls) => new(
        PaymentLinkId: l.Id,
        Object: "payment_link",
        Active: l.Active,
        Label: l.Label,
        Url: urls.PaymentLink(l.Id),
        Mode: "payment",
        Currency: l.Currency,
        LineItems: l.LineItems.ConvertAll(static x => new Wire.PaymentLinkLineItem(x.PriceId, x.ProductId, x.Description, x.UnitAmount, x.Currency, x.Quantity)),
        AfterCompletion: l.RedirectUrl is { } url
            ? new Wire.AfterCompletion("redirect", Redirect: new Wire.AfterCompletionRedirect(url))
            : new Wire.AfterCompletion("hosted_confirmation", HostedConfirmation: new Wire.HostedConfirmation(l.ConfirmationMessage)),
        AllowPromotionCodes: l.AllowPromotionCodes,
        ShippingAddressCollection: l.ShippingAddressCollection,
        ShippingOptions: l.ShippingRateIds,
        TaxRate: l.Tax > 0 ? new Wire.TaxRate(l.Tax) : null,
        Discounts: l.CouponIds,
        PaymentIntentData: new Wire.PaymentLinkPaymentIntentData(l.CaptureMethod, l.PaymentIntentMetadata),
        Metadata: l.Metadata,
        CreatedAt: Unix.Seconds(l.CreatedAt),
        TestMode: l.TestMode);
}
