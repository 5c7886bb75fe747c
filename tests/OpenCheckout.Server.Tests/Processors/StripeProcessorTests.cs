using OpenCheckout.Cards;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Processors;
using OpenCheckout.Server.Tests.Processors.FakeStripe;
using Stripe;
using ChargeOutcome = OpenCheckout.Cards.ChargeOutcome;

namespace OpenCheckout.Server.Tests.Processors;

/// <summary>The Stripe connector against the local fake of Stripe over real HTTP: each processor call, and what happens when
/// Stripe's answer is lost after it charged.</summary>
public sealed class StripeProcessorTests : IAsyncLifetime
{
    FakeStripe.FakeStripe _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeStripe.FakeStripe.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_fake.UnvalidatedRequests);
        await _fake.DisposeAsync();
    }

    // As ProcessorDirectory connects it, without Stripe.net's own retry: the tests see each unknown outcome themselves.
    StripeProcessor Processor(string? secretKey = null) => new(new StripeClient(apiKey: secretKey ?? _fake.SecretKey, apiBase: _fake.ApiBase,
        httpClient: new SystemNetHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, maxNetworkRetries: 0)));

    static PaymentOrder Order(string paymentMethod, string key, bool manual = false, long amount = 2599) => new(key, amount, "usd",
        new PaymentSource.ProcessorToken(paymentMethod), manual, OffSession: false, SaveForLater: false, ProcessorCustomerId: null,
        new Dictionary<string, string> { ["opencheckout_payment_intent"] = key.Split('-')[0] }, "https://pay.example/pay/c/cs_1");

    [Fact]
    public async Task AGoodCard_IsCharged_WithOurKeyAndIds_AndTheCardIsDescribedWithoutItsNumber()
    {
        var outcome = await Processor().ChargeAsync(Order("pm_card_visa", "fpi_1-1"), CancellationToken.None);

        var charged = Assert.IsType<ChargeOutcome.Succeeded>(outcome).Processor!;
        Assert.StartsWith("pi_", charged.PaymentId);
        Assert.Equal(new CardSummary("visa", "4242", charged.Card.ExpMonth, charged.Card.ExpYear), charged.Card);
        var call = Assert.Single(_fake.Requests, r => r.Path == "/v1/payment_intents");
        Assert.Equal("fpi_1-1", call.IdempotencyKey);
        Assert.Equal("2599", call["amount"]);
        Assert.Equal("automatic", call["capture_method"]);
        Assert.Equal(1, _fake.ChargedCount("opencheckout_payment_intent", "fpi_1"));
    }

    [Fact]
    public async Task Declines_CarryStripesCodes_And3DSecure_AsksForTheBuyersAction()
    {
        var declined = await Processor().ChargeAsync(Order("pm_card_chargeDeclinedInsufficientFunds", "fpi_2-1"), CancellationToken.None);
        var action = await Processor().ChargeAsync(Order("pm_card_authenticationRequired", "fpi_3-1"), CancellationToken.None);

        var decline = Assert.IsType<ChargeOutcome.Declined>(declined);
        Assert.Equal(("card_declined", "insufficient_funds"), (decline.Code, decline.DeclineCode));
        Assert.StartsWith("pi_", decline.PaymentId);
        var requires = Assert.IsType<ChargeOutcome.RequiresAction>(action);
        Assert.Contains("_secret_", requires.ClientSecret);
        Assert.IsType<ChargeOutcome.RequiresAction>(await Processor().GetAsync(requires.PaymentId, CancellationToken.None));
    }

    [Fact]
    public async Task AnAnswerLostAfterTheCharge_IsUnknown_AndAskingAgainWithTheSameKey_FindsTheOneCharge()
    {
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenDrop);

        await Assert.ThrowsAsync<ProcessorUnavailableException>(() => Processor().ChargeAsync(Order("pm_card_visa", "fpi_4-1"), CancellationToken.None));
        var again = await Processor().ChargeAsync(Order("pm_card_visa", "fpi_4-1"), CancellationToken.None);

        Assert.IsType<ChargeOutcome.Succeeded>(again);
        Assert.Equal(1, _fake.ChargedCount("opencheckout_payment_intent", "fpi_4"));
    }

    [Fact]
    public async Task AStripeOutage_IsUnknown_NotADecline()
    {
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ServerError);

        await Assert.ThrowsAsync<ProcessorUnavailableException>(() => Processor().ChargeAsync(Order("pm_card_visa", "fpi_5-1"), CancellationToken.None));
        Assert.Equal(0, _fake.ChargedCount("opencheckout_payment_intent", "fpi_5"));
    }

    [Fact]
    public async Task ManualCapture_Cancel_AndRefunds_GoToStripeWithOurKeys()
    {
        var processor = Processor();
        var authorized = (ChargeOutcome.Succeeded)await processor.ChargeAsync(Order("pm_card_visa", "fpi_6-1", manual: true), CancellationToken.None);
        await processor.CaptureAsync(authorized.Processor!.PaymentId, 2000, "fpi_6-capture", CancellationToken.None);
        var refund = await processor.RefundAsync(authorized.Processor.PaymentId, 500, "fre_1", new Dictionary<string, string> { ["refund"] = "fre_1" },
            CancellationToken.None);
        var held = (ChargeOutcome.Succeeded)await processor.ChargeAsync(Order("pm_card_visa", "fpi_7-1", manual: true), CancellationToken.None);
        await processor.CancelAsync(held.Processor!.PaymentId, "fpi_7-cancel", CancellationToken.None);

        var captured = _fake.PaymentIntents.Single(p => p.Id == authorized.Processor.PaymentId);
        Assert.Equal(("succeeded", 2000L, 500L), (captured.Status, captured.AmountReceived, captured.AmountRefunded));
        Assert.Equal("succeeded", refund.Status);
        Assert.Equal("canceled", _fake.PaymentIntents.Single(p => p.Id == held.Processor.PaymentId).Status);
        Assert.Contains(_fake.Requests, r => r.IdempotencyKey == "fre_1" && r.Path == "/v1/refunds");
        // Cancelling what was captured is Stripe's refusal, not an unknown outcome.
        await Assert.ThrowsAsync<ProcessorRefusedException>(() => processor.CancelAsync(captured.Id, "fpi_6-cancel", CancellationToken.None));
    }

    [Fact]
    public async Task TheCheck_SaysWhichModeTheKeyIs_AndAWrongKeyIsRefused()
    {
        Assert.Contains("Stripe answered", await Processor().CheckAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ProcessorRefusedException>(() => Processor("sk_test_wrong").CheckAsync(CancellationToken.None));
    }
}
