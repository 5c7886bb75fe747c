using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Catalog;

static class CatalogWire
{
    public static Wire.Product ToWire(this Product p) => new(
        p.Id, p.Name, p.Description, p.Active, p.Metadata, p.Url, p.Gtin, p.UpcCode, p.ReferenceGtin, p.ClientReferenceId,
        p.ImageUrls, p.Categories, p.HsaFsaEligibility, Unix.Seconds(p.CreatedAt), p.TestMode);

    public static Wire.Price ToWire(this Price p) => new(
        p.Id, p.ProductId, p.UnitAmount, p.Currency, p.Description, p.Active, p.Recurrence is null ? "one_time" : "recurring", p.Metadata,
        Unix.Seconds(p.CreatedAt), p.TestMode, p.Recurrence.ToWire(p.TrialPeriodDays), p.TrialPeriodDays);

    public static Wire.PriceRecurring? ToWire(this Recurrence? r, int? trialPeriodDays) =>
        r is null ? null : new(r.WireInterval, r.Count, trialPeriodDays);
}

static class CouponWire
{
    public static Wire.Coupon ToWire(this Coupon c) => new(
        c.Id, c.Name, c.AmountOff, c.PercentOffBasisPoints is { } bp ? bp / 100m : null, c.Currency,
        c.AppliesToPrices.Count + c.AppliesToProducts.Count == 0 ? null : new Wire.CouponAppliesTo(c.AppliesToPrices, c.AppliesToProducts),
        c.Duration, c.DurationInMonths, c.MaxRedemptions, c.TimesRedeemed, c.Valid, c.Metadata, Unix.Seconds(c.CreatedAt), c.TestMode);

    public static Wire.ShippingRate ToWire(this ShippingRate r) => new(
        r.Id, r.DisplayName, r.Amount, r.Currency, "fixed_amount", r.Active, r.Metadata, Unix.Seconds(r.CreatedAt), r.TestMode);
}

static class PromoCodeWire
{
    public static Wire.PromoCode ToWire(this PromoCode p, Coupon coupon) => new(
        p.Id, p.Code, p.CouponId, coupon.ToWire(), p.Active, p.MaxRedemptions, p.TimesRedeemed,
        p.ExpiresAt is { } at ? Unix.Seconds(at) : null,
        new Wire.PromoCodeRestrictions(p.FirstTimeTransaction, p.MinimumAmount, p.MinimumAmountCurrency),
        p.Metadata, Unix.Seconds(p.CreatedAt), p.TestMode);
}
