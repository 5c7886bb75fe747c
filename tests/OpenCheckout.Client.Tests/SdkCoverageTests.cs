using System.Reflection;
using System.Text.Json;

namespace OpenCheckout.Client.Tests;

/// <summary>Every operation of the API (docs/openapi.json, which the server's tests hold to the API as served) has an SDK
/// method: an operation added to the server without one fails here. Flex's second spellings of an update (POST beside
/// PATCH) share the SDK's one method.</summary>
public sealed class SdkCoverageTests
{
    static readonly Dictionary<string, string> MethodOf = new()
    {
        ["CreateProduct"] = "Products.CreateAsync", ["ListProducts"] = "Products.ListAsync", ["GetProduct"] = "Products.GetAsync",
        ["UpdateProduct"] = "Products.UpdateAsync", ["UpdateProductByPost"] = "Products.UpdateAsync",
        ["CreatePrice"] = "Prices.CreateAsync", ["ListPrices"] = "Prices.ListAsync", ["GetPrice"] = "Prices.GetAsync",
        ["UpdatePrice"] = "Prices.UpdateAsync", ["UpdatePriceByPatch"] = "Prices.UpdateAsync",
        ["CreateCoupon"] = "Coupons.CreateAsync", ["ListCoupons"] = "Coupons.ListAsync", ["GetCoupon"] = "Coupons.GetAsync",
        ["CreatePromoCode"] = "PromoCodes.CreateAsync", ["ListPromoCodes"] = "PromoCodes.ListAsync", ["GetPromoCode"] = "PromoCodes.GetAsync",
        ["UpdatePromoCode"] = "PromoCodes.UpdateAsync", ["UpdatePromoCodeByPost"] = "PromoCodes.UpdateAsync",
        ["CreateShippingRate"] = "ShippingRates.CreateAsync", ["ListShippingRates"] = "ShippingRates.ListAsync",
        ["GetShippingRate"] = "ShippingRates.GetAsync",
        ["CreateCheckoutSession"] = "CheckoutSessions.CreateAsync", ["ListCheckoutSessions"] = "CheckoutSessions.ListAsync",
        ["GetCheckoutSession"] = "CheckoutSessions.GetAsync", ["ListCheckoutSessionLineItems"] = "CheckoutSessions.ListLineItemsAsync",
        ["ExpireCheckoutSession"] = "CheckoutSessions.ExpireAsync", ["CaptureCheckoutSession"] = "CheckoutSessions.CaptureAsync",
        ["RefundCheckoutSession"] = "CheckoutSessions.RefundAsync", ["CancelCheckoutSession"] = "CheckoutSessions.CancelAsync",
        ["ListPaymentIntents"] = "PaymentIntents.ListAsync", ["GetPaymentIntent"] = "PaymentIntents.GetAsync",
        ["CreateCustomer"] = "Customers.CreateAsync", ["ListCustomers"] = "Customers.ListAsync", ["GetCustomer"] = "Customers.GetAsync",
        ["UpdateCustomer"] = "Customers.UpdateAsync", ["UpdateCustomerByPost"] = "Customers.UpdateAsync",
        ["DeleteCustomer"] = "Customers.DeleteAsync",
        ["ListCustomerPaymentMethods"] = "Customers.ListPaymentMethodsAsync", ["GetCustomerPaymentMethod"] = "Customers.GetPaymentMethodAsync",
        ["CreatePaymentLink"] = "PaymentLinks.CreateAsync", ["ListPaymentLinks"] = "PaymentLinks.ListAsync", ["GetPaymentLink"] = "PaymentLinks.GetAsync",
        ["UpdatePaymentLink"] = "PaymentLinks.UpdateAsync", ["UpdatePaymentLinkByPost"] = "PaymentLinks.UpdateAsync",
        ["CreateRefund"] = "Refunds.CreateAsync", ["ListRefunds"] = "Refunds.ListAsync", ["GetRefund"] = "Refunds.GetAsync",
        ["UpdateRefund"] = "Refunds.UpdateAsync", ["UpdateRefundByPost"] = "Refunds.UpdateAsync",
        ["ListCaptures"] = "Captures.ListAsync", ["GetCapture"] = "Captures.GetAsync", ["UpdateCapture"] = "Captures.UpdateAsync",
        ["UpdateCaptureByPost"] = "Captures.UpdateAsync",
        ["ListSubscriptions"] = "Subscriptions.ListAsync", ["GetSubscription"] = "Subscriptions.GetAsync",
        ["UpdateSubscription"] = "Subscriptions.UpdateAsync", ["UpdateSubscriptionByPatch"] = "Subscriptions.UpdateAsync",
        ["CancelSubscription"] = "Subscriptions.CancelAsync", ["ListInvoices"] = "Invoices.ListAsync", ["GetInvoice"] = "Invoices.GetAsync",
        ["ListDisputes"] = "Disputes.ListAsync", ["GetDispute"] = "Disputes.GetAsync", ["UpdateDispute"] = "Disputes.UpdateAsync",
        ["CloseDispute"] = "Disputes.CloseAsync",
        ["CreateWebhook"] = "Webhooks.CreateAsync", ["ListWebhooks"] = "Webhooks.ListAsync", ["GetWebhook"] = "Webhooks.GetAsync",
        ["UpdateWebhook"] = "Webhooks.UpdateAsync", ["UpdateWebhookByPatch"] = "Webhooks.UpdateAsync",
        ["DeleteWebhook"] = "Webhooks.DeleteAsync", ["RotateWebhookSecret"] = "Webhooks.RotateSecretAsync",
        ["ListWebhookDeliveries"] = "Webhooks.ListDeliveriesAsync",
        ["ListEvents"] = "Events.ListAsync", ["GetEvent"] = "Events.GetAsync", ["RetryEvent"] = "Events.RetryAsync",
        ["StreamEvents"] = "Events.StreamAsync",
        ["PayCheckoutSession"] = "TestHelpers.PayCheckoutSessionAsync", ["ResetTestData"] = "TestHelpers.ResetTestDataAsync",
        ["CreateTestClock"] = "TestClocks.CreateAsync", ["ListTestClocks"] = "TestClocks.ListAsync", ["GetTestClock"] = "TestClocks.GetAsync",
        ["DeleteTestClock"] = "TestClocks.DeleteAsync", ["AdvanceTestClock"] = "TestClocks.AdvanceAsync",
    };

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenCheckout.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (OpenCheckout.slnx) is not above the test's directory.");
    }

    [Fact]
    public void EveryOperationInTheOpenApiDocument_HasAnSdkMethod()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "openapi.json")));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => op.Value.GetProperty("operationId").GetString()!))
            .ToHashSet();

        Assert.Empty(operations.Where(op => !MethodOf.ContainsKey(op)).Order());
        Assert.Empty(MethodOf.Keys.Where(op => !operations.Contains(op)).Order()); // no mapping outlives its operation
        foreach (var (operation, method) in MethodOf)
        {
            var (resource, name) = (method.Split('.')[0], method.Split('.')[1]);
            var client = typeof(OpenCheckoutClient).GetProperty(resource, BindingFlags.Public | BindingFlags.Instance);
            Assert.True(client is not null, $"{operation}: OpenCheckoutClient has no {resource}.");
            Assert.True(client!.PropertyType.GetMethod(name, BindingFlags.Public | BindingFlags.Instance) is not null,
                $"{operation}: {client.PropertyType.Name} has no {name}.");
        }
    }
}
