using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's promotion codes against the real server: create for a coupon, the 409 for a code spelt the same in
/// another case, get, list by code regardless of case, deactivate (which frees the code).</summary>
public sealed class PromoCodesTests : ServerClientTest
{
    [Fact]
    public async Task APromoCodeRoundTrips_ThroughEveryCall()
    {
        var coupon = await Client.Coupons.CreateAsync(new CreateCouponRequest { PercentOff = 10m });
        var promo = await Client.PromoCodes.CreateAsync(new CreatePromoCodeRequest
        {
            CouponId = coupon.Id, Code = "Spring10", MaxRedemptions = 5,
            Restrictions = new PromoCodeRestrictionsRequest { MinimumAmount = 1000 },
            Metadata = new Dictionary<string, string> { ["campaign"] = "spring" },
        });
        Assert.StartsWith("fpromo_", promo.Id);
        Assert.Equal((coupon.Id, true, 0L, 1000L), (promo.Coupon.Id, promo.Active, promo.TimesRedeemed, promo.Restrictions.MinimumAmount!.Value));

        var taken = await Assert.ThrowsAsync<OpenCheckoutException>(() =>
            Client.PromoCodes.CreateAsync(new CreatePromoCodeRequest { CouponId = coupon.Id, Code = "SPRING10" }));
        Assert.Equal((HttpStatusCode.Conflict, "promo_code_exists"), (taken.StatusCode, taken.Code));
        Assert.Contains(promo.Id, taken.Message);

        Assert.Equal("spring", (await Client.PromoCodes.GetAsync(promo.Id)).Metadata["campaign"]);
        Assert.Equal([promo.Id], (await Client.PromoCodes.ListAsync(new PromoCodeListOptions { Code = "spring10" })).Data.Select(p => p.Id));

        var off = await Client.PromoCodes.UpdateAsync(promo.Id, new UpdatePromoCodeRequest { Active = false });
        Assert.False(off.Active);
        Assert.Empty((await Client.PromoCodes.ListAsync(new PromoCodeListOptions { Active = true })).Data);
        var again = await Client.PromoCodes.CreateAsync(new CreatePromoCodeRequest { CouponId = coupon.Id, Code = "SPRING10" });
        Assert.Equal(2, (await Client.PromoCodes.ListAsync(new PromoCodeListOptions { Coupon = coupon.Id })).Data.Count);
        Assert.NotEqual(promo.Id, again.Id);
    }

    [Fact]
    public async Task ASessionTakesAPromoCodeById_AndPayingCountsItsRedemption()
    {
        var coupon = await Client.Coupons.CreateAsync(new CreateCouponRequest { PercentOff = 25m });
        var promo = await Client.PromoCodes.CreateAsync(new CreatePromoCodeRequest { CouponId = coupon.Id, Code = "QUARTER" });
        var price = await Client.CreatePriceAsync(4000);

        var session = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl,
            Discounts = [new DiscountRequest { PromotionCode = promo.Id }],
        });

        Assert.Equal((3000L, promo.Id), (session.AmountTotal, Assert.Single(session.Discounts!).PromotionCode));
        await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        Assert.Equal(1, (await Client.PromoCodes.GetAsync(promo.Id)).TimesRedeemed);
    }
}
