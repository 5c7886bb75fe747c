using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's customers against the real server: create with an options object, the 409 for a taken email as an
/// exception naming the first customer, update, a session for the customer paid as the customer's, filters, delete.</summary>
public sealed class CustomersTests : ServerClientTest
{
    [Fact]
    public async Task ACustomerRoundTrips_ThroughEveryCall()
    {
        var customer = await Client.Customers.CreateAsync(new CreateCustomerRequest
        {
            Email = "jo@example.com", FirstName = "Jo", LastName = "Doe",
            Shipping = new CustomerShipping("1 Main St", null, "Springfield", null, "12345", "US"),
            Metadata = new Dictionary<string, string> { ["crm_id"] = "42" },
        });
        Assert.StartsWith("fcus_", customer.Id);
        Assert.Equal("Jo Doe", customer.Name);
        Assert.Equal("Springfield", customer.Shipping!.City);
        Assert.Equal("42", customer.Metadata["crm_id"]);

        var taken = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.Customers.CreateAsync(new CreateCustomerRequest("jo@example.com")));
        Assert.Equal((HttpStatusCode.Conflict, "customer_exists"), (taken.StatusCode, taken.Code));
        Assert.Contains(customer.Id, taken.Message);

        var updated = await Client.Customers.UpdateAsync(customer.Id, new UpdateCustomerRequest { Phone = "+15555555555" });
        Assert.Equal("+15555555555", updated.Phone);
        Assert.Equal("Jo", updated.FirstName);

        var price = await Client.CreatePriceAsync(1500);
        var session = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            Customer = customer.Id, LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl,
        });
        Assert.Equal(customer.Id, session.Customer);
        Assert.Equal("jo@example.com", session.Defaults!.Email);
        await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        var intents = await Client.PaymentIntents.ListAsync(new PaymentIntentListOptions { Customer = customer.Id });
        Assert.Equal(session.Id, Assert.Single(intents.Data).CheckoutSession);

        Assert.Equal([customer.Id], (await Client.Customers.ListAsync(new CustomerListOptions { Email = "jo@example.com" })).Data.Select(c => c.Id));
        Assert.Empty((await Client.Customers.ListAsync(new CustomerListOptions { CreatedGte = App.Clock.GetUtcNow().AddHours(1) })).Data);

        var deleted = await Client.Customers.DeleteAsync(customer.Id);
        Assert.Equal(customer.Id, deleted.Id);
        var gone = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.Customers.GetAsync(customer.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
