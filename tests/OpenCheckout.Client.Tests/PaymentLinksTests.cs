using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's payment links against the real server: create with a stored price and an inline one, a visit to the
/// link's URL making a session that the sessions list finds by link, deactivation, lists.</summary>
public sealed class PaymentLinksTests : ServerClientTest
{
    [Fact]
    public async Task ALinkRoundTrips_AndAVisitToItsUrlMakesASessionListedByTheLink()
    {
        var price = await Client.CreatePriceAsync(1500);
        var link = await Client.PaymentLinks.CreateAsync(new CreatePaymentLinkRequest
        {
            LineItems =
            [
                new PaymentLinkLineItemRequest { Price = price.Id, Quantity = 1 },
                new PaymentLinkLineItemRequest
                {
                    PriceData = new PriceDataRequest { UnitAmount = 500, ProductData = new ProductDataRequest { Name = "Gift wrap" } }, Quantity = 1,
                },
            ],
            Label = "Spring",
            AfterCompletion = new AfterCompletion("redirect", Redirect: new AfterCompletionRedirect(Shop.SuccessUrl)),
        });
        Assert.StartsWith("fplink_", link.Id);
        Assert.Equal("Gift wrap", link.LineItems[1].Description);
        var fetched = await Client.PaymentLinks.GetAsync(link.Id);
        Assert.Equal((link.Label, link.Url, Shop.SuccessUrl), (fetched.Label, fetched.Url, fetched.AfterCompletion.Redirect?.Url));

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var visit = await browser.GetAsync(link.Url + "?client_reference_id=order-1");
        Assert.Equal(HttpStatusCode.SeeOther, visit.StatusCode);
        var sessions = await Client.CheckoutSessions.ListAsync(new CheckoutSessionListOptions { PaymentLink = link.Id });
        var session = Assert.Single(sessions.Data);
        Assert.Equal((link.Id, "order-1", 2000L), (session.PaymentLink, session.ClientReferenceId, session.AmountTotal));

        var deactivated = await Client.PaymentLinks.UpdateAsync(link.Id, new UpdatePaymentLinkRequest { Active = false });
        Assert.False(deactivated.Active);
        Assert.Empty((await Client.PaymentLinks.ListAsync()).Data);
        Assert.Equal(link.Id, Assert.Single((await Client.PaymentLinks.ListAsync(new PaymentLinkListOptions { Active = false })).Data).Id);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync(link.Url)).StatusCode);
    }
}
