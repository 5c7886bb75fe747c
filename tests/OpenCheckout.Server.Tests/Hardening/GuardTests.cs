using System.Net;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Guards read straight from what a client receives (issue 18, defect 9 and the guard tests): the hosted page's
/// security headers, HSTS over https, and load shedding when the SQLite writer's queue is full.</summary>
public sealed class GuardTests
{
    [Fact]
    public async Task HostedPage_EveryState_CarriesItsSecurityHeaders()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite);
        var merchant = await app.CreateMerchantAsync();
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        var paid = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        Assert.Equal(HttpStatusCode.OK, (await merchant.PayWithTestHelperAsync(paid.Id())).StatusCode);
        using var page = new HostedPageClient(app.BaseAddress);

        foreach (var response in new[] { await page.GetAsync(session.Id()), await page.GetAsync(paid.Id()), await page.GetAsync("fcs_unknown") })
        {
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{(int)response.StatusCode}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Https_ThroughAKnownProxy_GetsHsts_PlainHttpAndLocalhostDoNot()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var http = app.Http();

        async Task<HttpResponseMessage> GetAsync(string host, string? proto)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            request.Headers.Host = host;
            if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
            return await http.SendAsync(request);
        }

        var https = await GetAsync("pay.example.com", "https");
        Assert.Contains("max-age=31536000", https.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False((await GetAsync("pay.example.com", null)).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await GetAsync("localhost", "https")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task WritesPastTheQueueBound_Are503WithRetryAfter_AndTheRestCommit()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:Database:MaxQueuedWrites"] = "2",
        });
        var merchant = await app.CreateMerchantAsync();
        using var api = merchant.Api();
        Task<HttpResponseMessage>[] creates;
        await using (await app.Database.HoldWritesAsync("Products"))
        {
            // The writer takes the first write and waits for the lock; two more wait in its queue; the rest are refused at once.
            var first = api.PostAsync("/v1/products", Json.Body("""{"name":"P0"}"""));
            await Task.Delay(200); // the first is in the writer's hands (if not, it is queued: the bound still refuses some)
            creates = [first, .. Enumerable.Range(1, 7).Select(i => api.PostAsync("/v1/products", Json.Body($$"""{"name":"P{{i}}"}""")))];
            await Task.WhenAny(creates).WaitAsync(TimeSpan.FromSeconds(20));
        }
        var answers = await Task.WhenAll(creates);

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)a.StatusCode}"));
        foreach (var answer in refused)
        {
            await ApiAssert.ErrorAsync(answer, HttpStatusCode.ServiceUnavailable, "api_error", "service_unavailable");
            Assert.True(answer.Headers.RetryAfter is not null);
        }
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), (await api.ListAsync("/v1/products?limit=100", "products")).Length);
    }
}

/// <summary>On PostgreSQL, where the payment's conditional update is the guard: a payment that waited for the session's row
/// past the session's expiry does not complete it (the time is read inside the write).</summary>
public sealed class ExpiryGuardTestsOnPostgres
{
    [Fact]
    public async Task PaymentThatWaitedPastTheExpiry_DoesNotCompleteTheSession()
    {
        // Sessions live 30 minutes; the expiry sweeper, hourly, does not run while the clock moves 31 minutes.
        await using var app = new TestApp(DatabaseProvider.Postgres, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:Sessions:DefaultLifetime"] = "00:30:00",
            ["OpenCheckout:Sessions:SweepInterval"] = "01:00:00",
        });
        var merchant = await app.CreateMerchantAsync();
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        Task<HttpResponseMessage> pay;
        await using (var held = await app.Database.HoldWritesAsync("CheckoutSessions"))
        {
            pay = merchant.PayWithTestHelperAsync(session.Id());
            // The payment is in its write, waiting for the session's row, when the session expires.
            await held.WaitForAWaiterAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(31));
        }

        var answer = await pay.WaitAsync(TimeSpan.FromSeconds(20));

        await ApiAssert.ErrorAsync(answer, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        Assert.Equal("expired", (await merchant.GetSessionAsync(session.Id())).Status());
        Assert.DoesNotContain(await merchant.PaymentIntentsOfAsync(session.Id()), p => p.GetProperty("status").GetString() == "succeeded");
    }
}

/// <summary>On PostgreSQL, where several nodes refund at once: the refund's conditional update is the ceiling. A refund that
/// read the payment and then waited while another node refunded 2,000 of its 5,000 is decided by what is refunded now.</summary>
public sealed class RefundGuardTestsOnPostgres : IAsyncLifetime
{
    readonly TestApp _app = new(DatabaseProvider.Postgres);
    TestMerchant _merchant = null!;
    string _paymentIntent = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(5000));
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);
        _paymentIntent = (await _merchant.GetSessionAsync(session.Id())).GetProperty("payment_intent").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Sends <paramref name="body"/> to POST /v1/refunds; once it has read the payment and waits to update it,
    /// another writer refunds 2,000 and lets go.</summary>
    async Task<HttpResponseMessage> RefundWhileAnotherNodeRefundsAsync(string body)
    {
        using var api = _merchant.Api();
        Task<HttpResponseMessage> refund;
        await using (var held = await _app.Database.HoldWritesAsync("PaymentIntents"))
        {
            refund = api.PostAsync("/v1/refunds", Json.Body(body));
            await held.WaitForAWaiterAsync();
            await held.ExecuteAsync($"""UPDATE "PaymentIntents" SET "AmountRefunded" = 2000 WHERE "Id" = '{_paymentIntent}'""");
        }
        return await refund.WaitAsync(TimeSpan.FromSeconds(20));
    }

    async Task<long> AmountRefundedAsync() =>
        Convert.ToInt64(await _app.Database.ScalarAsync($"""SELECT "AmountRefunded" FROM "PaymentIntents" WHERE "Id" = '{_paymentIntent}'"""));

    [Fact]
    public async Task RefundOfAnAmount_ThatNoLongerFits_IsRefused_AndNeverPassesTheAmountPaid()
    {
        var answer = await RefundWhileAnotherNodeRefundsAsync($$"""{"payment_intent":"{{_paymentIntent}}","amount":4000}""");

        await ApiAssert.ErrorAsync(answer, HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large");
        Assert.Equal(2000, await AmountRefundedAsync());
        using var api = _merchant.Api();
        Assert.Empty(await api.ListAsync($"/v1/refunds?payment_intent={_paymentIntent}", "refunds"));
    }

    [Fact]
    public async Task RefundOfTheRemainder_IsComputedAgain_AndRefundsWhatRemainsNow()
    {
        var answer = await RefundWhileAnotherNodeRefundsAsync($$"""{"payment_intent":"{{_paymentIntent}}"}""");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(3000, (await answer.ReadJsonAsync()).GetProperty("refund").GetProperty("amount").GetInt64());
        Assert.Equal(5000, await AmountRefundedAsync());
    }
}
