using System.Net;

namespace OpenCheckout.Server.Tests.Features.Refunds;

/// <summary>Racing refunds never take more than was paid: the database's conditional update decides, not a check in memory.</summary>
public abstract class ConcurrentRefundTests(DatabaseProvider provider) : IAsyncLifetime
{
    const int Requests = 20;
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwentyParallelRefundsOfThirtyPercent_NeverExceedTheAmountPaid()
    {
        var paid = await Paid.SessionAsync(_merchant, 10_000);
        using var api = _merchant.Api();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => i % 2 == 0
            ? api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{paid.PaymentIntentId}}", "amount": 3000}"""))
            : api.PostAsync($"/v1/checkout/sessions/{paid.SessionId}/refund", Json.Body("""{"amount": 3000}"""))));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"got {(int)r.StatusCode}"));
        var succeeded = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, succeeded); // 3 × 3000 fits in 10 000; a fourth would not
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("amount_too_large", (await refused.ReadJsonAsync()).ErrorCode());
        }

        var refunds = await Paid.RefundsAsync(_merchant, $"&payment_intent_id={paid.PaymentIntentId}");
        Assert.Equal(succeeded, refunds.Count);
        var total = refunds.Sum(r => r.GetProperty("amount").GetInt64());
        Assert.True(total <= 10_000);
        Assert.Equal(total, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
        var session = await _merchant.GetSessionAsync(paid.SessionId);
        Assert.Equal(total, session.GetProperty("amount_refunded").GetInt64());
        Assert.Equal(succeeded, session.GetProperty("refunds").GetArrayLength());
        Assert.Equal(succeeded, (await Paid.EventsAsync(_merchant, "refund.created")).Count);
    }

    [Fact]
    public async Task TwentyParallelFullRefunds_RefundOnce()
    {
        var paid = await Paid.SessionAsync(_merchant, 4321);
        using var api = _merchant.Api();

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests)
            .Select(_ => api.PostAsync($"/v1/checkout/sessions/{paid.SessionId}/refund", Json.Body("""{"checkout_session": {}}"""))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("charge_already_refunded", (await refused.ReadJsonAsync()).ErrorCode());
        }
        var refund = Assert.Single(await Paid.RefundsAsync(_merchant, $"&checkout_session={paid.SessionId}"));
        Assert.Equal(4321, refund.GetProperty("amount").GetInt64());
        Assert.Equal(4321, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
    }
}

public sealed class ConcurrentRefundTestsOnSqlite() : ConcurrentRefundTests(DatabaseProvider.Sqlite);
public sealed class ConcurrentRefundTestsOnPostgres() : ConcurrentRefundTests(DatabaseProvider.Postgres);
