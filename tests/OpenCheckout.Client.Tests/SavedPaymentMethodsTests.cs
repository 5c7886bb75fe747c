using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's saved cards against the real server: save one by paying with SetupFutureUse, list and get it, charge it
/// off-session, and a decline as an OpenCheckoutException with the payment intent.</summary>
public sealed class SavedPaymentMethodsTests : ServerClientTest
{
    [Fact]
    public async Task ASavedCard_IsListed_AndChargedOffSession()
    {
        var customer = await Client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jo@example.com" });
        var price = await Client.CreatePriceAsync(1800);
        var first = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl,
            Customer = customer.Id, SetupFutureUse = "off_session",
        });
        await Client.TestHelpers.PayCheckoutSessionAsync(first.Id);

        var saved = Assert.Single((await Client.Customers.ListPaymentMethodsAsync(customer.Id)).Data);
        Assert.Equal(("visa", "4242", true), (saved.Card.Brand, saved.Card.Last4, saved.OffSession));
        Assert.Equal(saved, await Client.Customers.GetPaymentMethodAsync(customer.Id, saved.Id));

        var charged = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl,
            Mode = "off_session", Customer = customer.Id, PaymentMethod = saved.Id,
        });
        Assert.Equal((CheckoutSessionStatus.Complete, CheckoutSessionPaymentStatus.Paid), (charged.Status, charged.PaymentStatus));
    }
}
