using OpenCheckout.Sessions;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The redirect guide, done through the SDK against the real server.</summary>
public sealed class CheckoutFlowTests : ServerClientTest
{
    [Fact]
    public async Task RedirectGuide_CreatePayVerify_SessionIsComplete()
    {
        var price = await Client.CreatePriceAsync(unitAmount: 2500);
        var session = await Client.CreateSessionAsync(price.PriceId, quantity: 2, clientReferenceId: "order-42");

        Assert.Equal(SessionStatus.Open, session.Status);
        Assert.Equal(session.Id, session.CheckoutSessionId);
        Assert.Equal(5000, session.AmountTotal);
        Assert.Equal($"{App.BaseUrl}/pay/c/{session.Id}", session.Url);
        Assert.Null(session.CustomerDetails);

        var paid = await Client.TestHelpers.PayCheckoutSessionAsync(session.Id,
            new PayCheckoutSessionRequest { Email = "ada@example.com", Name = "Ada Lovelace" });
        Assert.Equal(SessionStatus.Complete, paid.Status);

        // The success page's check: fetch the session, never trust the redirect.
        var fetched = await Client.CheckoutSessions.GetAsync(session.Id);
        Assert.Equal(SessionStatus.Complete, fetched.Status);
        Assert.Equal(PaymentStatus.Paid, fetched.PaymentStatus);
        Assert.Equal("ada@example.com", fetched.CustomerDetails?.Email);
        Assert.Equal("order-42", fetched.ClientReferenceId);

        var line = Assert.Single((await Client.CheckoutSessions.ListLineItemsAsync(session.Id)).Data);
        Assert.Equal(price.PriceId, line.Price.PriceId);
        Assert.Equal(2, line.Quantity);

        var intent = await Client.PaymentIntents.GetAsync(fetched.PaymentIntent!);
        Assert.Equal("succeeded", intent.Status);
        Assert.Equal("4242", intent.PaymentMethod?.Card.Last4);
        Assert.Equal([intent.PaymentIntentId],
            (await Client.PaymentIntents.ListAsync(new PaymentIntentListOptions { CheckoutSession = session.Id })).Data.Select(p => p.PaymentIntentId));

        var customer = await Client.Customers.GetAsync(fetched.Customer!);
        Assert.Equal("Ada Lovelace", customer.Name);
        Assert.Contains((await Client.Customers.ListAsync(new CustomerListOptions { Email = "ada@example.com" })).Data,
            c => c.CustomerId == customer.CustomerId);

        var completed = Assert.Single((await Client.Events.ListAsync(new EventListOptions { Type = "checkout.session.completed" })).Data);
        Assert.Equal(session.Id, completed.CheckoutSession?.Id);
        Assert.Equal("checkout_session", completed.ObjectName);
        Assert.Null(completed.PaymentIntent);
        Assert.Equal(completed.EventId, (await Client.Events.GetAsync(completed.EventId)).EventId);
    }

    [Fact]
    public async Task Refund_PartThenRest_SessionShowsRefunds()
    {
        var price = await Client.CreatePriceAsync(unitAmount: 3000);
        var session = await Client.CreateSessionAsync(price.PriceId);
        await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);

        var partly = await Client.CheckoutSessions.RefundAsync(session.Id,
            new RefundCheckoutSessionRequest { Amount = 1000, RefundMetadata = new Dictionary<string, string> { ["ticket"] = "T-1" } });
        Assert.Equal(1000, partly.AmountRefunded);
        var refund = await Client.Refunds.GetAsync(Assert.Single(partly.Refunds));
        Assert.Equal("T-1", refund.Metadata["ticket"]);
        Assert.Equal(session.Id, refund.CheckoutSession);

        var updated = await Client.Refunds.UpdateAsync(refund.RefundId, new UpdateRefundRequest { Reason = "requested_by_customer" });
        Assert.Equal("requested_by_customer", updated.Reason);

        var rest = await Client.Refunds.CreateAsync(new CreateRefundRequest(partly.PaymentIntent!));
        Assert.Equal(2000, rest.Amount);
        Assert.Equal(2, (await Client.Refunds.ListAsync(new RefundListOptions { CheckoutSession = session.Id })).Data.Count);
        Assert.Equal(3000, (await Client.CheckoutSessions.GetAsync(session.Id)).AmountRefunded);

        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.CheckoutSessions.RefundAsync(session.Id));
        Assert.Equal("charge_already_refunded", error.Code);
    }

    [Fact]
    public async Task Expire_OpenSession_IsExpired_AndSecondExpireIsAConflict()
    {
        var session = await Client.CreateSessionAsync((await Client.CreatePriceAsync()).PriceId);

        var expired = await Client.CheckoutSessions.ExpireAsync(session.Id);
        Assert.Equal(SessionStatus.Expired, expired.Status);

        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.CheckoutSessions.ExpireAsync(session.Id));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("checkout_session_not_open", error.Code);
    }

    [Fact]
    public async Task Catalog_UpdateAndFilter()
    {
        var product = await Client.Products.CreateAsync(new CreateProductRequest("Mug")
        {
            Description = "Big",
            Metadata = new Dictionary<string, string> { ["sku"] = "MUG-1" },
            Categories = ["kitchen"],
        });
        Assert.Equal("MUG-1", product.Metadata["sku"]);
        Assert.Equal(["kitchen"], product.Categories);

        var renamed = await Client.Products.UpdateAsync(product.ProductId, new UpdateProductRequest { Name = "Large mug" });
        Assert.Equal("Large mug", renamed.Name);
        Assert.Equal("Big", renamed.Description); // unset fields are left out, so they keep their values

        var price = await Client.Prices.CreateAsync(new CreatePriceRequest(product.ProductId, 1200) { Currency = "eur" });
        var retired = await Client.Prices.UpdateAsync(price.PriceId, new UpdatePriceRequest { Active = false });
        Assert.False(retired.Active);
        Assert.Equal(1200, (await Client.Prices.GetAsync(price.PriceId)).UnitAmount);

        Assert.Empty((await Client.Prices.ListAsync(new PriceListOptions { Product = product.ProductId, Active = true })).Data);
        Assert.Equal(price.PriceId, Assert.Single((await Client.Prices.ListAsync(new PriceListOptions { Product = product.ProductId })).Data).PriceId);
        Assert.Contains(Client.Products.ListAutoPagingAsync().ToBlockingEnumerable(), p => p.ProductId == product.ProductId);
    }
}
