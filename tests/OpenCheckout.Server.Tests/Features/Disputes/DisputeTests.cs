using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Tests.Features.Refunds;

namespace OpenCheckout.Server.Tests.Features.Disputes;

/// <summary>Card 4000 0000 0000 0259 succeeds, then is disputed once the configured delay has passed.</summary>
public abstract class DisputeTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    TimeSpan Delay => _app.Services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Disputes.Delay;

    [Fact]
    public async Task DisputeCard_PaysThenOpensOneDisputeAfterTheDelay()
    {
        var paid = await Paid.SessionAsync(_merchant, 6400, card: "4000000000000259");
        var intent = await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId);
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Equal(6400, intent.GetProperty("amount_received").GetInt64());
        var chargeId = Assert.Single(await Paid.EventsAsync(_merchant, "charge.succeeded"))
            .GetProperty("object").GetProperty("charge").GetProperty("charge_id").GetString();

        // Not yet: the buyer has only just left.
        await _app.OpenDueDisputesAsync();
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.dispute.created"));
        _app.Clock.Advance(Delay - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _app.OpenDueDisputesAsync());
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.dispute.created"));
        using var api = _merchant.Api();
        Assert.Empty((await (await api.GetAsync("/v1/disputes")).ReadJsonAsync()).GetProperty("disputes").EnumerateArray());

        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        await _app.OpenDueDisputesAsync(); // the background worker may have opened it already: either way, once
        await _app.OpenDueDisputesAsync();

        var created = Assert.Single(await Paid.EventsAsync(_merchant, "charge.dispute.created"));
        Assert.Equal("charge.dispute.created", created.GetProperty("event_type").GetString());
        Assert.True(created.GetProperty("test_mode").GetBoolean());
        var dispute = created.GetProperty("object").GetProperty("dispute");
        var disputeId = dispute.GetProperty("dispute_id").GetString()!;
        Assert.StartsWith("fdsp_", disputeId);
        Assert.Equal(chargeId, dispute.GetProperty("charge").GetString());
        Assert.Equal(paid.PaymentIntentId, dispute.GetProperty("payment_intent").GetString());
        Assert.Equal(paid.SessionId, dispute.GetProperty("checkout_session").GetString());
        Assert.Equal(6400, dispute.GetProperty("amount").GetInt64());
        Assert.Equal("usd", dispute.GetProperty("currency").GetString());
        Assert.Equal("fraudulent", dispute.GetProperty("reason").GetString());
        Assert.Equal("needs_response", dispute.GetProperty("status").GetString());
        Assert.Equal((TestApp.Start + Delay).ToUnixTimeSeconds(), dispute.GetProperty("created_at").GetInt64());
        Assert.True(dispute.GetProperty("test_mode").GetBoolean());

        var fetched = await api.GetAsync($"/v1/disputes/{disputeId}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(6400, (await fetched.ReadJsonAsync()).GetProperty("dispute").GetProperty("amount").GetInt64());
        var listed = (await (await api.GetAsync($"/v1/disputes?payment_intent={paid.PaymentIntentId}")).ReadJsonAsync()).GetProperty("disputes");
        Assert.Equal(disputeId, Assert.Single(listed.EnumerateArray()).GetProperty("dispute_id").GetString());

        using var other = (await _app.CreateMerchantAsync("Other shop")).Api();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/disputes/{disputeId}")).StatusCode);
    }

    [Fact]
    public async Task DisputedPayment_RefundsOnlyWhatItsDisputesDoNotHold_AndChangesNothingWhenRefused()
    {
        var paid = await Paid.SessionAsync(_merchant, 2000, card: "4000000000000259");
        _app.Clock.Advance(Delay + TimeSpan.FromSeconds(1));
        await _app.OpenDueDisputesAsync();
        await _app.OpenDueDisputesAsync();
        Assert.Single(await Paid.EventsAsync(_merchant, "charge.dispute.created"));

        using var api = _merchant.Api();
        foreach (var body in new[]
                 {
                     $$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 2000}""",
                     $$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 1}""",
                     $$"""{"payment_intent_id": "{{paid.PaymentIntentId}}"}""",
                 })
        {
            var refused = await api.PostAsync("/v1/refunds", Json.Body(body));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("charge_disputed", (await refused.ReadJsonAsync()).ErrorCode());
        }
        var whole = await api.PostAsync($"/v1/checkout/sessions/{paid.SessionId}/refund", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, whole.StatusCode);
        Assert.Equal("charge_disputed", (await whole.ReadJsonAsync()).ErrorCode());

        Assert.Equal(0, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
        Assert.Empty(await Paid.RefundsAsync(_merchant));
        Assert.Empty(await Paid.EventsAsync(_merchant, "refund.created"));
    }

    [Fact]
    public async Task OrdinaryCard_IsNeverDisputed()
    {
        await Paid.SessionAsync(_merchant, 1000);

        _app.Clock.Advance(Delay + TimeSpan.FromMinutes(5));

        Assert.Equal(0, await _app.OpenDueDisputesAsync());
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.dispute.created"));
    }
}

public sealed class DisputeTestsOnSqlite() : DisputeTests(DatabaseProvider.Sqlite);
public sealed class DisputeTestsOnPostgres() : DisputeTests(DatabaseProvider.Postgres);
