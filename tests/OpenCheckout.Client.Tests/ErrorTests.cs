using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>Every failure surfaces as one <see cref="OpenCheckoutException"/> carrying the contract's error body.</summary>
public sealed class ErrorTests : IAsyncLifetime
{
    readonly ServerApp _app = new();
    OpenCheckoutClient _client = null!;

    public async Task InitializeAsync() => _client = await _app.CreateClientAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task UnknownPrice_Is422PriceNotFound_WithParamAndRequestId()
    {
        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => _client.CreateSessionAsync("fprice_doesnotexist"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("price_not_found", error.Code);
        Assert.Equal("line_items[0].price", error.Param);
        Assert.Contains("fprice_doesnotexist", error.Message);
        Assert.Matches("^req_[0-9A-Za-z]{16,}$", error.RequestId);
        Assert.Equal("price_not_found", Assert.Single(error.Details).Type);
    }

    [Fact]
    public async Task InvalidFields_AreListedInDetails()
    {
        var price = await _client.CreatePriceAsync();
        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => _client.CheckoutSessions.CreateAsync(
            new CreateCheckoutSessionRequest([new CheckoutLineItemRequest(price.PriceId, 0)], "not a url")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["line_items[0].quantity", "success_url"], error.Details.Select(d => d.Loc[^1]).Order());
    }

    [Fact]
    public async Task UnknownSession_Is404ResourceMissing()
    {
        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => _client.CheckoutSessions.GetAsync("fcs_nope"));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("resource_missing", error.Code);
    }

    [Fact]
    public async Task WrongApiKey_IsAuthenticationError()
    {
        using var client = new OpenCheckoutClient("fsk_test_wrong", _app.BaseUrl);
        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => client.Products.ListAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("authentication_error", error.Type);
        Assert.Equal("api_key_invalid", error.Code);
    }

    [Fact]
    public async Task DeclinedCard_IsCardError_WithDeclineCodeAndPaymentIntent()
    {
        var session = await _client.CreateSessionAsync((await _client.CreatePriceAsync()).PriceId);

        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() =>
            _client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = "4000000000009995" }));

        Assert.Equal(HttpStatusCode.PaymentRequired, error.StatusCode);
        Assert.Equal("card_error", error.Type);
        Assert.Equal("card_declined", error.Code);
        Assert.Equal("insufficient_funds", error.DeclineCode);
        var intent = await _client.PaymentIntents.GetAsync(error.PaymentIntent!);
        Assert.Equal("insufficient_funds", intent.LastPaymentError?.DeclineCode);
        Assert.Equal("open", (await _client.CheckoutSessions.GetAsync(session.Id)).Status);
    }

    [Fact]
    public void MissingApiKey_FailsAtConstruction()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new OpenCheckoutClient(new OpenCheckoutClientOptions { BaseUrl = _app.BaseUrl }));
        Assert.Contains("ApiKey", error.Message);
    }
}
