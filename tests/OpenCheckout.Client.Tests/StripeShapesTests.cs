using System.ComponentModel.DataAnnotations;
using System.Reflection;
using OpenCheckout.Wire;
using ServerDisputeStatus = OpenCheckout.Server.Features.Disputes.DisputeStatus;
using ServerEventTypes = OpenCheckout.Server.Features.Events.EventTypes;

namespace OpenCheckout.Client.Tests;

/// <summary>What a Stripe.net user reaches for first: <c>Id</c> on every object, request bodies built with object initializers
/// and set later, and status constants instead of string literals, against the real server.</summary>
public sealed class StripeShapesTests : ServerClientTest
{
    [Fact]
    public async Task RequestsBuiltWithObjectInitializers_AndSetLater_CreateTheObjects()
    {
        var product = await Client.Products.CreateAsync(new CreateProductRequest { Name = "Mug" });
        var priceRequest = new CreatePriceRequest { Product = product.Id, UnitAmount = 1500 };
        priceRequest.Currency = "eur"; // set after construction, as Stripe.net's options allow
        var price = await Client.Prices.CreateAsync(priceRequest);

        var sessionRequest = new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 2 }],
            SuccessUrl = Shop.SuccessUrl,
        };
        sessionRequest.Fees = [new FeeRequest { Amount = 100, Name = "Handling" }];
        sessionRequest.TaxRate = new TaxRateRequest { Amount = 50 };
        var session = await Client.CheckoutSessions.CreateAsync(sessionRequest, new RequestOptions { IdempotencyKey = $"order-{Guid.NewGuid()}" });

        Assert.Equal("eur", price.Currency);
        Assert.Equal(1500, price.UnitAmount);
        Assert.Equal(2 * 1500 + 100 + 50, session.AmountTotal);
        Assert.Equal(price.Id, Assert.Single(session.LineItems).Price.Id);

        var listOptions = new CheckoutSessionListOptions();
        listOptions.Status = CheckoutSessionStatus.Open;
        listOptions.Limit = 5;
        Assert.Equal([session.Id], (await Client.CheckoutSessions.ListAsync(listOptions)).Data.Select(s => s.Id));

        var webhook = await Client.Webhooks.CreateAsync(new CreateWebhookRequest
        {
            Url = "http://127.0.0.1:9/webhooks",
            Events = [EventTypes.CheckoutSessionCompleted],
        });
        Assert.Equal([EventTypes.CheckoutSessionCompleted], webhook.Events);
    }

    [Fact]
    public async Task EveryObject_HasAnId_EqualToItsNamedId()
    {
        var product = await Client.Products.CreateAsync(new CreateProductRequest { Name = "T-shirt" });
        var price = await Client.Prices.CreateAsync(new CreatePriceRequest { Product = product.Id, UnitAmount = 2000 });
        var session = await Client.CreateSessionAsync(price.Id);
        await Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { Email = "ada@example.com" });
        var paid = await Client.CheckoutSessions.GetAsync(session.Id);
        var intent = await Client.PaymentIntents.GetAsync(paid.PaymentIntent!);
        var customer = await Client.Customers.GetAsync(paid.Customer!);
        var refund = await Client.Refunds.CreateAsync(new CreateRefundRequest { PaymentIntentId = intent.Id, Amount = 100 });
        var webhook = await Client.Webhooks.CreateAsync(new CreateWebhookRequest { Url = "http://127.0.0.1:9/webhooks", Events = [EventTypes.All] });
        var line = Assert.Single((await Client.CheckoutSessions.ListLineItemsAsync(session.Id)).Data);
        var ev = (await Client.Events.ListAsync(new EventListOptions { Type = EventTypes.CheckoutSessionCompleted })).Data.Single();

        Assert.All(new (string Id, string Named, string Prefix)[]
        {
            (product.Id, product.ProductId, "fprod_"),
            (price.Id, price.PriceId, "fprice_"),
            (paid.Id, paid.CheckoutSessionId, "fcs_"),
            (line.Id, line.LineItemId, "fli_"),
            (intent.Id, intent.PaymentIntentId, "fpi_"),
            (intent.PaymentMethod!.Id, intent.PaymentMethod.PaymentMethodId, "fpm_"),
            (customer.Id, customer.CustomerId, "fcus_"),
            (refund.Id, refund.RefundId, "fre_"),
            (webhook.Id, webhook.WebhookId, "fwh_"),
            (ev.Id, ev.EventId, "fevt_"),
        }, o =>
        {
            Assert.Equal(o.Named, o.Id);
            Assert.StartsWith(o.Prefix, o.Id);
        });
    }

    /// <summary>Objects yet to come get an <c>Id</c> too: any wire record (not a request body) whose first field is its own id.</summary>
    [Fact]
    public void EveryWireObject_HasAnIdProperty()
    {
        // These name another object (a shipping rate, a coupon, a price) rather than being one.
        Type[] references = [typeof(ShippingOption), typeof(SessionDiscount), typeof(PaymentLinkLineItem)];
        var objects = typeof(Product).Assembly.GetTypes().Append(typeof(WebhookEvent))
            .Where(t => t is { IsPublic: true, Namespace: "OpenCheckout.Wire" } && !t.Name.EndsWith("Request", StringComparison.Ordinal)
                || t == typeof(WebhookEvent))
            .Where(t => t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() is [{ Name: var first }, ..]
                && first!.EndsWith("Id", StringComparison.Ordinal) && first != "Id")
            .Except(references)
            .ToList();

        Assert.Contains(typeof(Product), objects);
        Assert.Contains(typeof(WebhookEvent), objects);
        Assert.All(objects, t => Assert.True(t.GetProperty("Id")?.PropertyType == typeof(string), $"{t.Name} has no string Id property."));
    }

    [Fact]
    public async Task Statuses_ComparedWithConstants_FollowThePayment()
    {
        var price = await Client.CreatePriceAsync(unitAmount: 3000);
        var session = await Client.CreateSessionAsync(price.Id);
        Assert.Equal(CheckoutSessionStatus.Open, session.Status);
        Assert.Equal(CheckoutSessionPaymentStatus.Unpaid, session.PaymentStatus);

        var declined = await Assert.ThrowsAsync<OpenCheckoutException>(() =>
            Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = "4000000000000002" }));
        Assert.Equal("card_declined", declined.Code);
        var open = await Client.CheckoutSessions.GetAsync(session.Id);
        Assert.Equal(PaymentIntentStatus.RequiresPaymentMethod, (await Client.PaymentIntents.GetAsync(open.PaymentIntent!)).Status);

        await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);
        var paid = await Client.CheckoutSessions.GetAsync(session.Id);
        Assert.Equal(CheckoutSessionStatus.Complete, paid.Status);
        Assert.Equal(CheckoutSessionPaymentStatus.Paid, paid.PaymentStatus);
        Assert.Equal(PaymentIntentStatus.Succeeded, (await Client.PaymentIntents.GetAsync(paid.PaymentIntent!)).Status);
        var refund = await Client.Refunds.CreateAsync(new CreateRefundRequest { PaymentIntentId = paid.PaymentIntent!, Amount = 500 });
        Assert.Equal(RefundStatus.Succeeded, refund.Status);

        var completed = (await Client.Events.ListAsync(new EventListOptions { Type = EventTypes.CheckoutSessionCompleted })).Data.Single();
        Assert.Equal(EventTypes.CheckoutSessionCompleted, completed.EventType);
        Assert.Equal(CheckoutSessionStatus.Complete, completed.CheckoutSession!.Status);

        var other = await Client.CreateSessionAsync(price.Id);
        Assert.Equal(CheckoutSessionStatus.Expired, (await Client.CheckoutSessions.ExpireAsync(other.Id)).Status);

        var webhook = await Client.Webhooks.CreateAsync(new CreateWebhookRequest { Url = "http://127.0.0.1:9/webhooks", Events = [EventTypes.All] });
        Assert.Equal(WebhookEndpointStatus.Enabled, webhook.Status);
        var disabled = await Client.Webhooks.UpdateAsync(webhook.Id, new UpdateWebhookRequest { Status = WebhookEndpointStatus.Disabled });
        Assert.Equal(WebhookEndpointStatus.Disabled, disabled.Status);
    }

    /// <summary>Each constants class holds exactly the values its field is documented to take (the OpenAPI document's enums,
    /// from the wire records), or, where the field is not an enum there, the values the server sets.</summary>
    [Theory]
    [InlineData(typeof(CheckoutSessionStatus), typeof(CheckoutSession), nameof(CheckoutSession.Status))]
    [InlineData(typeof(CheckoutSessionPaymentStatus), typeof(CheckoutSession), nameof(CheckoutSession.PaymentStatus))]
    [InlineData(typeof(PaymentIntentStatus), typeof(PaymentIntent), nameof(PaymentIntent.Status))]
    [InlineData(typeof(ChargeStatus), typeof(Charge), nameof(Charge.Status))]
    [InlineData(typeof(RefundStatus), typeof(Refund), nameof(Refund.Status))]
    [InlineData(typeof(WebhookEndpointStatus), typeof(WebhookEndpoint), nameof(WebhookEndpoint.Status))]
    [InlineData(typeof(SubscriptionStatus), typeof(Subscription), nameof(Subscription.Status))]
    [InlineData(typeof(InvoiceStatus), typeof(Invoice), nameof(Invoice.Status))]
    public void StatusConstants_AreTheDocumentedValues(Type constants, Type record, string property)
    {
        var documented = record.GetProperty(property)!.GetCustomAttribute<AllowedValuesAttribute>()!.Values.Cast<string>();

        Assert.Equal(documented.Order(), Values(constants).Order());
    }

    [Fact]
    public void DisputeStatusAndEventTypes_AreTheOnesTheServerSends()
    {
        Assert.Equal(Values(typeof(ServerDisputeStatus)).Order(), Values(typeof(DisputeStatus)).Order());
        Assert.Equal(ServerEventTypes.Emitted.Append(ServerEventTypes.All).Order(), Values(typeof(EventTypes)).Order());
    }

    static IEnumerable<string> Values(Type constants) =>
        constants.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
}
