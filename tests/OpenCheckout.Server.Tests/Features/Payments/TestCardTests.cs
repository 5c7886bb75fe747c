using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Payments;

/// <summary>Contract section 8 through POST /v1/test_helpers/checkout/sessions/{id}/pay: each test card's outcome,
/// and what the merchant then sees on the session and its payment intents.</summary>
public abstract class TestCardTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2500);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("4242424242424242", "visa", "4242")]
    [InlineData("4242 4242 4242 4242", "visa", "4242")]
    [InlineData("5555 5555 5555 4444", "mastercard", "4444")]
    [InlineData("4000 0566 5566 5556", "visa", "5556")]
    [InlineData("3782 822463 10005", "amex", "0005")]
    [InlineData("4000000000000259", "visa", "0259")]
    public async Task Pay_WithSucceedingTestCard_Returns200CompleteWithOneSucceededPaymentIntent(string card, string brand, string last4)
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var response = await _merchant.PayWithTestHelperAsync(session.Id(), card);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("complete", paid.Status());
        Assert.Equal("paid", paid.GetProperty("payment_status").GetString());
        Assert.Equal("complete", (await _merchant.GetSessionAsync(session.Id())).Status());

        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Equal(2500, intent.GetProperty("amount").GetInt64());
        Assert.Equal(2500, intent.GetProperty("amount_received").GetInt64());
        Assert.Equal(paid.GetProperty("payment_intent").GetString(), intent.GetProperty("payment_intent_id").GetString());
        Assert.Equal(JsonValueKind.Null, intent.GetProperty("last_payment_error").ValueKind);
        var storedCard = intent.GetProperty("payment_method").GetProperty("card");
        Assert.Equal(brand, storedCard.GetProperty("brand").GetString());
        Assert.Equal(last4, storedCard.GetProperty("last4").GetString());
    }

    [Theory]
    [InlineData("4000000000000002", "card_declined", "generic_decline", "Your card was declined.")]
    [InlineData("4000 0000 0000 9995", "card_declined", "insufficient_funds", "Your card has insufficient funds.")]
    [InlineData("4000000000009987", "card_declined", "lost_card", "Your card was declined.")]
    [InlineData("4000000000009979", "card_declined", "stolen_card", "Your card was declined.")]
    [InlineData("4000000000000069", "expired_card", "expired_card", "Your card has expired.")]
    [InlineData("4000000000000127", "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.")]
    [InlineData("4000000000000119", "processing_error", "processing_error", null)]
    public async Task Pay_WithDecliningTestCard_Returns402KeepsSessionOpenAndRecordsTheError(string card, string code, string declineCode,
        string? message)
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var response = await _merchant.PayWithTestHelperAsync(session.Id(), card);

        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.PaymentRequired, "card_error", code, "card_number");
        var error = body.GetProperty("error");
        Assert.Equal(declineCode, error.GetProperty("decline_code").GetString());
        if (message is not null) Assert.Equal(message, error.GetProperty("message").GetString());

        var fetched = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("open", fetched.Status());
        Assert.Equal("unpaid", fetched.GetProperty("payment_status").GetString());
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("customer_details").ValueKind);

        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal(error.GetProperty("payment_intent").GetString(), intent.GetProperty("payment_intent_id").GetString());
        Assert.Equal("requires_payment_method", intent.GetProperty("status").GetString());
        Assert.Equal(0, intent.GetProperty("amount_received").GetInt64());
        var lastError = intent.GetProperty("last_payment_error");
        Assert.Equal("card_error", lastError.GetProperty("type").GetString());
        Assert.Equal(code, lastError.GetProperty("code").GetString());
        Assert.Equal(declineCode, lastError.GetProperty("decline_code").GetString());
        Assert.Equal(error.GetProperty("message").GetString(), lastError.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Pay_WithIncorrectNumber_Returns402IncorrectNumberAndChargesNothing()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var response = await _merchant.PayWithTestHelperAsync(session.Id(), "4242424242424241");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.PaymentRequired, "card_error", "incorrect_number", "card_number");
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Fact]
    public async Task Pay_WithLuhnValidNonTestCard_Returns402AndKeepsSessionOpen()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var response = await _merchant.PayWithTestHelperAsync(session.Id(), "4111111111111111");

        var body = await ApiAssert.ErrorAsync(response, HttpStatusCode.PaymentRequired, "card_error", "card_declined", "card_number");
        Assert.Equal("test_mode_live_card", body.GetProperty("error").GetProperty("decline_code").GetString());
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task Pay_AfterDeclineThenGoodCard_CompletesWithExactlyOneSucceededPaymentIntent()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        await ApiAssert.ErrorAsync(await _merchant.PayWithTestHelperAsync(session.Id(), "4000000000000002"),
            HttpStatusCode.PaymentRequired, "card_error", "card_declined");
        await ApiAssert.ErrorAsync(await _merchant.PayWithTestHelperAsync(session.Id(), "4000000000009995"),
            HttpStatusCode.PaymentRequired, "card_error", "card_declined");

        var response = await _merchant.PayWithTestHelperAsync(session.Id(), "4242424242424242");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("complete", (await response.ReadJsonAsync()).GetProperty("checkout_session").Status());
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, intent.GetProperty("last_payment_error").ValueKind);
        Assert.Equal("4242", intent.GetProperty("payment_method").GetProperty("card").GetProperty("last4").GetString());
    }

    [Fact]
    public async Task Pay_WithNoBody_PaysWithTheDefault4242Card()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();

        var response = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{session.Id()}/pay", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = (await response.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("complete", paid.Status());
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("4242", intent.GetProperty("payment_method").GetProperty("card").GetProperty("last4").GetString());
    }

    [Fact]
    public async Task Pay_WithEmailAndName_RecordsCustomerOnSession()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();

        var response = await api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{session.Id()}/pay",
            """{"card_number":"4242424242424242","email":"kim@example.com","name":"Kim Lee"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("kim@example.com", paid.GetProperty("customer_details").GetProperty("email").GetString());
        Assert.Equal("Kim Lee", paid.GetProperty("customer_details").GetProperty("name").GetString());
        var customers = await api.ListAsync("/v1/customers?email=kim@example.com", "customers");
        Assert.Equal(paid.GetProperty("customer").GetString(), Assert.Single(customers).GetProperty("customer_id").GetString());
    }

    [Fact]
    public async Task Pay_WithLiveKey_Returns404AndChargesNothing()
    {
        var livePrice = await _merchant.CreatePriceAsync(2500, live: true);
        var liveSession = await _merchant.CreateSessionAsync(livePrice, live: true);

        var response = await _merchant.PayWithTestHelperAsync(liveSession.Id(), live: true);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal("open", (await _merchant.GetSessionAsync(liveSession.Id(), live: true)).Status());
        using var live = _merchant.Api(live: true);
        Assert.Empty(await live.ListAsync("/v1/payment_intents", "payment_intents"));
    }

    [Fact]
    public async Task Pay_TestSessionWithLiveKey_Returns404AndChargesNothing()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var response = await _merchant.PayWithTestHelperAsync(session.Id(), live: true);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Fact]
    public async Task Pay_CompletedSession_Returns409AndChargesNothingMore()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);

        var again = await _merchant.PayWithTestHelperAsync(session.Id(), "5555555555554444");

        await ApiAssert.ErrorAsync(again, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("4242", intent.GetProperty("payment_method").GetProperty("card").GetProperty("last4").GetString());
    }

    [Fact]
    public async Task Pay_UnknownSession_Returns404()
    {
        var response = await _merchant.PayWithTestHelperAsync("fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }

    [Fact]
    public async Task Pay_ConcurrentSubmits_PaySessionExactlyOnce()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _merchant.PayWithTestHelperAsync(session.Id())));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var intent = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
    }
}

public sealed class TestCardTestsOnSqlite() : TestCardTests(DatabaseProvider.Sqlite);
public sealed class TestCardTestsOnPostgres() : TestCardTests(DatabaseProvider.Postgres);
