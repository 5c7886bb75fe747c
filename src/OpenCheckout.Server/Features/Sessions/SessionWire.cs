using OpenCheckout.Sessions;
using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Sessions;

static class SessionWire
{
    public static Wire.CheckoutSession ToWire(this CheckoutSession s, DateTimeOffset now, PublicUrls urls)
    {
        var url = urls.HostedPage(s.Id);
        var created = Unix.Seconds(s.CreatedAt);
        return new Wire.CheckoutSession(
            Id: s.Id,
            CheckoutSessionId: s.Id,
            Object: "checkout.session",
            Status: SessionStatus.Effective(s.Status, s.ExpiresAt, now),
            PaymentStatus: s.PaymentStatus,
            Mode: s.Mode,
            AmountSubtotal: s.AmountSubtotal,
            AmountTotal: s.AmountTotal,
            Currency: s.Currency,
            TotalDetails: new(s.AmountDiscount, s.AmountTax, s.AmountShipping, s.AmountFees),
            LineItems: LineItems(s.LineItems, s.TestMode),
            CustomerDetails: s.CustomerEmail is null && s.CustomerName is null ? null : new(s.CustomerEmail, s.CustomerName),
            Customer: s.CustomerId,
            Defaults: s.Defaults is { } d ? new(d.Email, d.FirstName, d.LastName, d.Phone) : null,
            PaymentIntent: s.PaymentIntentId,
            AmountRefunded: s.AmountRefunded,
            Refunds: s.RefundIds,
            ClientReferenceId: s.ClientReferenceId,
            Metadata: s.Metadata,
            SuccessUrl: s.SuccessUrl,
            CancelUrl: s.CancelUrl,
            Url: url,
            RedirectUrl: url,
            Created: created,
            CreatedAt: created,
            ExpiresAt: Unix.Seconds(s.ExpiresAt),
            TestMode: s.TestMode,
            TaxRate: s.AmountTax > 0 ? new Wire.TaxRate(s.AmountTax) : null,
            ShippingOptions: Chosen(s.ShippingOptions, s.ShippingRateId)?.ToWire(),
            AvailableShippingOptions: s.ShippingOptions.ConvertAll(static o => o.ToWire()),
            ShippingAddressCollection: s.ShippingAddressCollection,
            ShippingDetails: s.ShippingDetails is { } shipTo ? new Wire.ShippingDetails(shipTo.Name, new Wire.Address(shipTo.Address.Line1,
                shipTo.Address.Line2, shipTo.Address.City, shipTo.Address.State, shipTo.Address.PostalCode, shipTo.Address.Country)) : null,
            Discounts: s.Discounts.ConvertAll(static x => new Wire.SessionDiscount(x.CouponId, x.Name, x.AmountOff,
                x.PercentOffBasisPoints is { } bp ? bp / 100m : null,
                x.AppliesToPrices.Count + x.AppliesToProducts.Count == 0 ? null : new Wire.CouponAppliesTo(x.AppliesToPrices, x.AppliesToProducts),
                x.Amount, x.PromotionCodeId)),
            Fees: s.Fees.ConvertAll(static f => new Wire.Fee(f.Name, f.Description, f.Amount, f.FeeType)),
            AllowPromotionCodes: s.AllowPromotionCodes,
            CaptureMethod: s.CaptureMethod,
            PaymentLink: s.PaymentLinkId,
            SetupFutureUse: s.SetupFutureUse,
            Subscription: s.SubscriptionId);
    }

    // Loops rather than LINQ: this runs for every session answered (ten per list page), and the lambdas capturing the
    // session, their iterators and lists were a tenth of what a page allocated.
    static List<Wire.LineItem> LineItems(List<SessionLineItem> lines, bool testMode)
    {
        var wire = new List<Wire.LineItem>(lines.Count);
        foreach (var line in lines) wire.Add(line.ToWire(testMode));
        return wire;
    }

    static SessionShippingOption? Chosen(List<SessionShippingOption> options, string? shippingRateId)
    {
        foreach (var option in options)
            if (option.ShippingRateId == shippingRateId) return option;
        return null;
    }

    static Wire.ShippingOption ToWire(this SessionShippingOption o) => new(o.ShippingRateId, o.DisplayName, o.Amount, o.Metadata);

    static readonly IReadOnlyDictionary<string, string> NoMetadata = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The price as it was when the session was created (it was active then, or creation would have failed). Its
    /// metadata is not copied into sessions (contract section 6): the price, fetched, has it.</summary>
    public static Wire.LineItem ToWire(this SessionLineItem line, bool testMode) => new(
        line.LineItemId,
        new Wire.Price(line.PriceId, line.ProductId, line.UnitAmount, line.Currency, line.PriceDescription, true, "one_time",
            NoMetadata, Unix.Seconds(line.PriceCreatedAt), testMode),
        line.Quantity,
        line.ProductName,
        line.AmountSubtotal,
        line.AmountTotal,
        line.Currency,
        line.AmountDiscount);
}
