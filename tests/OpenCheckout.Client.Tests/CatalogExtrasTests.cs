using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK calls for coupons, shipping rates, capture and the test data reset, against the real server.</summary>
public sealed class CatalogExtrasTests : IAsyncLifetime
{
    readonly ServerApp _app = new();
    OpenCheckoutClient _client = null!;

    public async Task InitializeAsync() => _client = await _app.CreateClientAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task CouponsShippingRatesCaptureAndReset_DoWhatTheApiDoes()
    {
        var coupon = await _client.Coupons.CreateAsync(new CreateCouponRequest { Name = "Spring", AmountOff = 500, Currency = "usd" });
        Assert.Equal(coupon.Id, (await _client.Coupons.GetAsync(coupon.Id)).Id);
        Assert.Equal([coupon.Id], (await _client.Coupons.ListAsync()).Data.Select(c => c.Id));

        var ground = await _client.ShippingRates.CreateAsync(new CreateShippingRateRequest { DisplayName = "Ground", Amount = 700 });
        var retired = await _client.ShippingRates.CreateAsync(new CreateShippingRateRequest { DisplayName = "Old", Amount = 900, Active = false });
        Assert.Equal("Ground", (await _client.ShippingRates.GetAsync(ground.Id)).DisplayName);
        Assert.Equal([ground.Id], (await _client.ShippingRates.ListAsync(new ShippingRateListOptions { Active = true })).Data.Select(r => r.Id));
        Assert.Contains(retired.Id, (await _client.ShippingRates.ListAsync()).Data.Select(r => r.Id));

        var price = await _client.CreatePriceAsync(3000);
        var session = await _client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl, CaptureMethod = "manual",
        });
        await _client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        Assert.Equal(CheckoutSessionPaymentStatus.Unpaid, (await _client.CheckoutSessions.GetAsync(session.Id)).PaymentStatus);
        var captured = await _client.CheckoutSessions.CaptureAsync(session.Id, new CaptureCheckoutSessionRequest { AmountToCapture = 2000 });
        Assert.Equal(CheckoutSessionPaymentStatus.Paid, captured.PaymentStatus);

        var reset = await _client.TestHelpers.ResetTestDataAsync();
        Assert.Equal(1, reset.Deleted.CheckoutSessions);
        Assert.Empty((await _client.Coupons.ListAsync()).Data);
        Assert.Empty((await _client.ShippingRates.ListAsync()).Data);
    }
}
