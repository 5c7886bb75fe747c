using System.Net;
using OpenCheckout.Server.Tests.Features.Refunds;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>A coupon's max_redemptions holds when sessions are paid, not only when they are made (issue 18, defect 7): sessions
/// made while it was valid cannot together redeem it more often than allowed, however many are paid at once.</summary>
public abstract class CouponRedemptionTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        _price = await _merchant.CreatePriceAsync(3000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<string> CouponAsync(int maxRedemptions)
    {
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/coupons", Json.Body($$"""{"name": "Launch", "amount_off": 500, "max_redemptions": {{maxRedemptions}}}"""));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("coupon").GetProperty("coupon_id").GetString()!;
    }

    async Task<string> SessionWithAsync(string couponId)
    {
        using var api = _merchant.Api();
        var response = await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url": "https://shop.example/ok", "line_items": [{"price": "{{_price}}", "quantity": 1}],
             "discounts": [{"coupon_id": "{{couponId}}"}]}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("checkout_session").Id();
    }

    async Task<long> TimesRedeemedAsync(string couponId)
    {
        using var api = _merchant.Api();
        return (await (await api.GetAsync($"/v1/coupons/{couponId}")).ReadJsonAsync()).GetProperty("coupon").GetProperty("times_redeemed").GetInt64();
    }

    Task<HttpResponseMessage> PayAsync(string sessionId) => _merchant.PayWithTestHelperAsync(sessionId);

    [Fact]
    public async Task SessionsMadeWhileTheCouponWasValid_PayOnlyAsOftenAsItAllows_ThenTheBuyerIsTold()
    {
        var coupon = await CouponAsync(maxRedemptions: 1);
        var first = await SessionWithAsync(coupon);
        var second = await SessionWithAsync(coupon);
        var third = await SessionWithAsync(coupon);

        Assert.Equal(HttpStatusCode.OK, (await PayAsync(first)).StatusCode);
        await ApiAssert.ErrorAsync(await PayAsync(second), HttpStatusCode.Conflict, "invalid_request_error", "coupon_expired");

        using var page = new HostedPageClient(_app.BaseAddress);
        var html = WebUtility.HtmlDecode(await (await page.PayAsync(third)).Content.ReadAsStringAsync());
        Assert.Contains("A discount on this order has been used as many times as the shop allows", html);

        Assert.Equal(1, await TimesRedeemedAsync(coupon));
        foreach (var refused in new[] { second, third })
        {
            var session = await _merchant.GetSessionAsync(refused);
            Assert.Equal("open", session.Status());
            Assert.Equal("unpaid", session.GetProperty("payment_status").GetString());
            Assert.DoesNotContain(await _merchant.PaymentIntentsOfAsync(refused), p => p.GetProperty("status").GetString() == "succeeded");
        }
        Assert.Single(await Paid.EventsAsync(_merchant, "checkout.session.completed"));
    }

    [Fact]
    public async Task ConcurrentPayments_RedeemExactlyMaxRedemptions()
    {
        var coupon = await CouponAsync(maxRedemptions: 3);
        var sessions = new List<string>();
        for (var i = 0; i < 8; i++) sessions.Add(await SessionWithAsync(coupon));

        var answers = await Task.WhenAll(sessions.Select(PayAsync));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(3, await TimesRedeemedAsync(coupon));
        Assert.Equal(3, (await _merchant.SessionsAsync("?status=complete")).Length);
    }
}

public sealed class CouponRedemptionTestsOnSqlite() : CouponRedemptionTests(DatabaseProvider.Sqlite);
public sealed class CouponRedemptionTestsOnPostgres() : CouponRedemptionTests(DatabaseProvider.Postgres);
