using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK calls for coupons, shipping rates, capture and the test data reset, against the real server.</summary>
public sealed class CatalogExtrasTests : ServerClientTest
{
    [Fact]
    public async Task CouponsShippingRatesCaptureAndReset_DoWhatTheApiDoes()
    {
        var coupon = await Client.Coupons.CreateAsync(new CreateCouponRequest { Name = "Spring", AmountOff = 500, Currency = "usd" });
        Assert.Equal(coupon.Id, (await Client.Coupons.GetAsync(coupon.Id)).Id);
        Assert.Equal([coupon.Id], (await Client.Coupons.ListAsync()).Data.Select(c => c.Id));

        var ground = await Client.ShippingRates.CreateAsync(new CreateShippingRateRequest { DisplayName = "Ground", Amount = 700 });
        var retired = await Client.ShippingRates.CreateAsync(new CreateShippingRateRequest { DisplayName = "Old", Amount = 900, Active = false });
        Assert.Equal("Ground", (await Client.ShippingRates.GetAsync(ground.Id)).DisplayName);
        Assert.Equal([ground.Id], (await Client.ShippingRates.ListAsync(new ShippingRateListOptions { Active = true })).Data.Select(r => r.Id));
        Assert.Contains(retired.Id, (await Client.ShippingRates.ListAsync()).Data.Select(r => r.Id));

        var price = await Client.CreatePriceAsync(3000);
        var session = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl, CaptureMethod = "manual",
        });
        await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        Assert.Equal(CheckoutSessionPaymentStatus.Unpaid, (await Client.CheckoutSessions.GetAsync(session.Id)).PaymentStatus);
        var captured = await Client.CheckoutSessions.CaptureAsync(session.Id, new CaptureCheckoutSessionRequest { AmountToCapture = 2000 });
        Assert.Equal(CheckoutSessionPaymentStatus.Paid, captured.PaymentStatus);

        var reset = await Client.TestHelpers.ResetTestDataAsync();
        Assert.Equal(1, reset.Deleted.CheckoutSessions);
        Assert.Empty((await Client.Coupons.ListAsync()).Data);
        Assert.Empty((await Client.ShippingRates.ListAsync()).Data);
    }
}
