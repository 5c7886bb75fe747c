using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's test clocks against the real server: create, list, a customer and its short-lived session on the clock,
/// an advance waited for until ready (the session then expired), the refusal of a backwards advance, delete.</summary>
public sealed class TestClocksTests : ServerClientTest
{
    [Fact]
    public async Task AClockRoundTrips_AndAnAdvanceExpiresItsCustomersSession()
    {
        var start = App.Clock.GetUtcNow().AddDays(-30);
        var clock = await Client.TestClocks.CreateAsync(new CreateTestClockRequest { FrozenTime = start.ToUnixTimeSeconds(), Name = "Trial" });
        Assert.StartsWith("fclock_", clock.Id);
        Assert.Equal((start.ToUnixTimeSeconds(), TestClockStatus.Ready, "Trial"), (clock.FrozenTime, clock.Status, clock.Name));
        Assert.Equal([clock.Id], (await Client.TestClocks.ListAsync()).Data.Select(c => c.Id));

        var customer = await Client.Customers.CreateAsync(new CreateCustomerRequest("clocked@example.com") { TestClock = clock.Id });
        Assert.Equal(clock.Id, customer.TestClock);
        var price = await Client.CreatePriceAsync(1500);
        var session = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            Customer = customer.Id, LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl,
            ExpiresAt = start.AddMinutes(5).ToUnixTimeSeconds(),
        });
        Assert.Equal(CheckoutSessionStatus.Open, session.Status);

        var advancing = await Client.TestClocks.AdvanceAsync(clock.Id, start.AddHours(1));
        Assert.Equal(TestClockStatus.Advancing, advancing.Status);
        var ready = await Client.TestClocks.WaitUntilReadyAsync(clock.Id, TimeSpan.FromMilliseconds(50));

        Assert.Equal(start.AddHours(1).ToUnixTimeSeconds(), ready.FrozenTime);
        Assert.Equal(CheckoutSessionStatus.Expired, (await Client.CheckoutSessions.GetAsync(session.Id)).Status);
        var backwards = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.TestClocks.AdvanceAsync(clock.Id, start));
        Assert.Equal((HttpStatusCode.BadRequest, "test_clock_backwards"), (backwards.StatusCode, backwards.Code));

        Assert.Equal(clock.Id, (await Client.TestClocks.DeleteAsync(clock.Id)).Id);
        var gone = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.TestClocks.GetAsync(clock.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
