using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's subscriptions against the real server: a recurring price, a subscription-mode session paid, the
/// subscription and its invoice read and listed, a cancellation scheduled, then the subscription canceled.</summary>
public sealed class SubscriptionsTests : ServerClientTest
{
    [Fact]
    public async Task ASubscriptionRoundTrips_ThroughTheSdk()
    {
        var product = await Client.Products.CreateAsync(new CreateProductRequest("Coaching"));
        var price = await Client.Prices.CreateAsync(new CreatePriceRequest(product.ProductId, 1500)
        {
            Recurring = new PriceRecurringRequest { Interval = "month", TrialPeriodDays = 7 },
        });
        Assert.Equal(("recurring", "monthly", 7), (price.Type, price.Recurring!.Interval, price.TrialPeriodDays));
        var session = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl, Mode = "subscription",
            SubscriptionData = new SubscriptionDataRequest { Metadata = new Dictionary<string, string> { ["plan"] = "basic" } },
        });
        var paid = await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);

        var subscription = await Client.Subscriptions.GetAsync(paid.Subscription!);
        Assert.Equal((SubscriptionStatus.Trialing, paid.Customer, "basic"), (subscription.Status, subscription.Customer, subscription.Metadata["plan"]));
        var invoice = Assert.Single((await Client.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id })).Data);
        Assert.Equal((InvoiceStatus.Paid, 0L), (invoice.Status, invoice.AmountPaid));
        Assert.Equal(invoice, await Client.Invoices.GetAsync(invoice.Id) with { Lines = invoice.Lines });

        var cancelling = await Client.Subscriptions.UpdateAsync(subscription.Id, new UpdateSubscriptionRequest { CancelAtPeriodEnd = true });
        Assert.Equal(subscription.CurrentPeriodEnd, cancelling.CancelAt);
        Assert.Equal([subscription.Id], await Client.Subscriptions.ListAutoPagingAsync(new SubscriptionListOptions { Status = "trialing" })
            .Select(s => s.Id).ToListAsync());
        var canceled = await Client.Subscriptions.CancelAsync(subscription.Id);
        Assert.Equal(SubscriptionStatus.Canceled, canceled.Status);
        var refused = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.Subscriptions.CancelAsync(subscription.Id));
        Assert.Equal((HttpStatusCode.Conflict, "subscription_canceled"), (refused.StatusCode, refused.Code));
    }
}
