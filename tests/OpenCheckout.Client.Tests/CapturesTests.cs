using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's captures against the real server: a capture with metadata, read, listed for its session and updated;
/// an authorization released with CancelAsync, after which a capture is refused.</summary>
public sealed class CapturesTests : ServerClientTest
{
    async Task<CheckoutSession> AuthorizedAsync(long amount)
    {
        var price = await Client.CreatePriceAsync(amount);
        var session = await Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = price.Id, Quantity = 1 }], SuccessUrl = Shop.SuccessUrl, CaptureMethod = "manual",
        });
        return await Client.TestHelpers.PayCheckoutSessionAsync(session.Id);
    }

    [Fact]
    public async Task ACaptureRoundTrips_AndACanceledAuthorizationCannotBeCaptured()
    {
        var authorized = await AuthorizedAsync(3000);
        await Client.CheckoutSessions.CaptureAsync(authorized.Id, new CaptureCheckoutSessionRequest
        {
            AmountToCapture = 2000, CaptureMetadata = new Dictionary<string, string> { ["order_id"] = "8842" },
        });

        var capture = Assert.Single((await Client.Captures.ListAsync(new CaptureListOptions { CheckoutSession = authorized.Id })).Data);
        Assert.StartsWith("fcap_", capture.Id);
        Assert.Equal((2000, "8842", authorized.PaymentIntent), (capture.AmountCaptured, capture.Metadata["order_id"], capture.PaymentIntent));
        Assert.Equal(capture, await Client.Captures.GetAsync(capture.Id) with { Metadata = capture.Metadata });
        var updated = await Client.Captures.UpdateAsync(capture.Id, new UpdateCaptureRequest { Metadata = new Dictionary<string, string> { ["a"] = "b" } });
        Assert.Equal(["a"], updated.Metadata.Keys);
        Assert.Equal([capture.Id], await Client.Captures.ListAutoPagingAsync().Select(c => c.Id).ToListAsync());

        var released = await AuthorizedAsync(1000);
        var canceled = await Client.CheckoutSessions.CancelAsync(released.Id);
        Assert.Equal((CheckoutSessionStatus.Complete, CheckoutSessionPaymentStatus.Unpaid), (canceled.Status, canceled.PaymentStatus));
        Assert.Equal(PaymentIntentStatus.Canceled, (await Client.PaymentIntents.GetAsync(released.PaymentIntent!)).Status);
        var refused = await Assert.ThrowsAsync<OpenCheckoutException>(() => Client.CheckoutSessions.CaptureAsync(released.Id));
        Assert.Equal((HttpStatusCode.Conflict, "payment_intent_unexpected_state"), (refused.StatusCode, refused.Code));
        Assert.Empty((await Client.Captures.ListAsync(new CaptureListOptions { CheckoutSession = released.Id })).Data);
    }
}
