using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OpenCheckout.Generated;
using OpenCheckout.Generated.Models;
using OpenCheckout.Generated.V1.Checkout.Sessions;
using OpenCheckout.Testing;

namespace OpenCheckout.GeneratedClient.Tests;

/// <summary>A merchant who knows nothing of OpenCheckout but its OpenAPI document: a client Kiota generated from
/// docs/openapi.json (at build) runs the guide's flow — catalog, session, payment, the session fetched back, the events —
/// and meets a decline and a bad request as typed errors. A schema that named a field wrongly, missed a status or an
/// error shape would fail here.</summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    sealed class Server(TestDatabase database) : KestrelServerFactory(database);

    readonly TestDatabase _database = TestDatabase.NewSqlite("opencheckout-generated-client");
    Server _server = null!;
    HttpClient _http = null!;
    OpenCheckoutApi _api = null!;

    public async Task InitializeAsync()
    {
        _server = new Server(_database);
        var account = await _server.CreateAccountAsync("Generated client shop");
        _http = new HttpClient { DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", account.TestKey) } };
        _api = new OpenCheckoutApi(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http)
        {
            BaseUrl = _server.BaseAddress.ToString().TrimEnd('/'),
        });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _database.DropAsync();
    }

    async Task<string> CreatePriceAsync(long unitAmount)
    {
        var product = await _api.V1.Products.PostAsync(new CreateProductRequest { Name = "Loose-leaf tea" });
        var price = await _api.V1.Prices.PostAsync(new CreatePriceRequest { Product = product!.Product!.ProductId, UnitAmount = unitAmount });
        return price!.Price!.PriceId!;
    }

    async Task<CheckoutSession> CreateSessionAsync(string priceId, long quantity)
    {
        var created = await _api.V1.Checkout.Sessions.PostAsync(new CreateCheckoutSessionRequest
        {
            LineItems = [new CheckoutLineItemRequest { Price = priceId, Quantity = quantity }],
            SuccessUrl = "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = "https://shop.example/cart",
            ClientReferenceId = "order-1001",
        });
        return created!.CheckoutSession!;
    }

    [Fact]
    public async Task CreatePayAndGet_ThroughTheGeneratedClient()
    {
        var session = await CreateSessionAsync(await CreatePriceAsync(1200), quantity: 2);
        Assert.Equal(CheckoutSession_status.Open, session.Status);
        Assert.Equal(2400, session.AmountTotal);
        Assert.StartsWith(_server.BaseAddress.ToString().TrimEnd('/') + "/pay/", session.Url);

        var paid = await _api.V1.Test_helpers.Checkout.Sessions[session.Id].Pay.PostAsync(new PayCheckoutSessionRequest { Email = "buyer@example.com" });
        Assert.Equal(CheckoutSession_status.Complete, paid!.CheckoutSession!.Status);

        var fetched = (await _api.V1.Checkout.Sessions[session.Id].GetAsync())!.CheckoutSession!;
        Assert.Equal(CheckoutSession_status.Complete, fetched.Status);
        Assert.Equal(CheckoutSession_payment_status.Paid, fetched.PaymentStatus);
        Assert.Equal("buyer@example.com", fetched.CustomerDetails!.Email);
        Assert.Equal("order-1001", fetched.ClientReferenceId);
        var intent = (await _api.V1.Payment_intents[fetched.PaymentIntent].GetAsync())!.PaymentIntent!;
        Assert.Equal(PaymentIntent_status.Succeeded, intent.Status);
        Assert.Equal("4242", intent.PaymentMethod!.Card!.Last4);
    }

    [Fact]
    public async Task ListsTakeTheirQueryParameters_AndEventsCarryTypedObjects()
    {
        var priceId = await CreatePriceAsync(500);
        var open = await CreateSessionAsync(priceId, 1);
        var paid = await CreateSessionAsync(priceId, 3);
        await _api.V1.Test_helpers.Checkout.Sessions[paid.Id].Pay.PostAsync(new PayCheckoutSessionRequest());

        var complete = await _api.V1.Checkout.Sessions.GetAsync(r => r.QueryParameters.Status = GetStatusQueryParameterType.Complete);
        Assert.Equal([paid.Id], complete!.CheckoutSessions!.Select(s => s.Id));
        var firstPage = await _api.V1.Checkout.Sessions.GetAsync(r => r.QueryParameters.Limit = 1);
        Assert.Equal([paid.Id], firstPage!.CheckoutSessions!.Select(s => s.Id));
        Assert.True(firstPage.HasMore);
        var nextPage = await _api.V1.Checkout.Sessions.GetAsync(r => (r.QueryParameters.Limit, r.QueryParameters.StartingAfter) = (1, paid.Id));
        Assert.Equal([open.Id], nextPage!.CheckoutSessions!.Select(s => s.Id));

        var events = await _api.V1.Events.GetAsync(r => r.QueryParameters.Type = "checkout.session.completed");
        var completed = Assert.Single(events!.Events!);
        Assert.Equal(paid.Id, completed.Object!.CheckoutSession!.Id);
        Assert.Equal(1500, completed.Object.CheckoutSession.AmountTotal);
        Assert.Null(completed.Object.Refund);
    }

    [Fact]
    public async Task DeclinesAndBadRequests_AreTypedErrors()
    {
        var session = await CreateSessionAsync(await CreatePriceAsync(900), 1);

        var declined = await Assert.ThrowsAsync<ErrorBody>(() =>
            _api.V1.Test_helpers.Checkout.Sessions[session.Id].Pay.PostAsync(new PayCheckoutSessionRequest { CardNumber = "4000000000000002" }));
        Assert.Equal(402, declined.ResponseStatusCode);
        Assert.Equal(ErrorInfo_type.Card_error, declined.Error!.Type);
        Assert.Equal("card_declined", declined.Error.Code);

        var invalid = await Assert.ThrowsAsync<ErrorBody>(() =>
            _api.V1.Prices.PostAsync(new CreatePriceRequest { Product = "fprod_missing", UnitAmount = 100 }));
        Assert.Equal(ErrorInfo_type.Invalid_request_error, invalid.Error!.Type);
        Assert.Equal("product", invalid.Error.Param);

        var missing = await Assert.ThrowsAsync<ErrorBody>(() => _api.V1.Checkout.Sessions["fcs_missing"].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
    }
}
