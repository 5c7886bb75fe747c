using System.Diagnostics;
using System.Net;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Abuse limits (issue 18, defect 5): API requests per key, hosted page posts per session and per client address
/// (behind a known proxy, the address it saw), and a session that takes no more attempts after ten declines.</summary>
public abstract class RateLimitTests(DatabaseProvider provider)
{
    const string Declined = "4000 0000 0000 0002";

    static Dictionary<string, string?> Settings(params (string Name, string Value)[] settings) =>
        settings.ToDictionary(s => "OpenCheckout:" + s.Name, s => (string?)s.Value);

    [Fact]
    public async Task ApiKey_PastItsBurst_Is429WithRetryAfter_InTheContractsShape_WhileOtherKeysGoOn()
    {
        await using var app = new TestApp(provider, settings: Settings(("RateLimits:ApiBurst", "5"), ("RateLimits:ApiRequestsPerSecond", "1")));
        var merchant = await app.CreateMerchantAsync();
        var other = await app.CreateMerchantAsync("Other shop");
        using var api = merchant.Api();

        // The bucket gains a request a second, so on a slow machine a request or two more may pass before the 429.
        var clock = Stopwatch.StartNew();
        var (passed, refused) = await UntilRefusedAsync(api);
        Assert.InRange(passed, 5, 5 + (int)clock.Elapsed.TotalSeconds + 1);

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 2);
        using (var live = merchant.Api(live: true)) Assert.Equal(HttpStatusCode.OK, (await live.GetAsync("/v1/products")).StatusCode);
        using (var otherApi = other.Api()) Assert.Equal(HttpStatusCode.OK, (await otherApi.GetAsync("/v1/products")).StatusCode);
        // A refused write stores nothing.
        await UntilRefusedAsync(api); // the bucket may have gained a request meanwhile
        var create = await api.PostAsync("/v1/products", Json.Body("""{"name":"Refused"}"""));
        Assert.Equal(HttpStatusCode.TooManyRequests, create.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Empty(await api.ListAsync("/v1/products", "products"));
    }

    /// <summary>GETs until one is refused: how many passed before it (fewer than 50, or the limit is not working) and the refusal.</summary>
    static async Task<(int Passed, HttpResponseMessage Refused)> UntilRefusedAsync(HttpClient api)
    {
        for (var passed = 0; passed < 50; passed++)
        {
            var response = await api.GetAsync("/v1/products");
            if (response.StatusCode != HttpStatusCode.OK) return (passed, response);
        }
        throw new Xunit.Sdk.XunitException("50 requests in a row passed a burst of 5.");
    }

    [Fact]
    public async Task HostedPage_PostsPastTheSessionsLimit_Are429_AndChargeNothing()
    {
        await using var app = new TestApp(provider, settings: Settings(("RateLimits:PagePostsPerMinutePerSession", "3")));
        var merchant = await app.CreateMerchantAsync();
        var price = await merchant.CreatePriceAsync();
        var session = await merchant.CreateSessionAsync(price);
        using var page = new HostedPageClient(app.BaseAddress);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await page.PayAsync(session.Id(), cardNumber: Declined)).StatusCode);
        var refused = await page.PayAsync(session.Id());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Contains("Too many attempts", await refused.Content.ReadAsStringAsync());
        Assert.Equal("open", (await merchant.GetSessionAsync(session.Id())).Status());
        // Another session, from the same address, is not held back by this one's limit; the page itself still shows.
        Assert.Equal(HttpStatusCode.SeeOther, (await page.PayAsync((await merchant.CreateSessionAsync(price)).Id())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync(session.Id())).StatusCode);
    }

    [Fact]
    public async Task HostedPage_PostsFromOneAddress_AreLimitedAcrossSessions_ByTheAddressAKnownProxySaw()
    {
        await using var app = new TestApp(provider, settings: Settings(("RateLimits:PagePostsPerMinutePerAddress", "2"),
            ("ForwardedHeaders:KnownProxies:0", "127.0.0.1")));
        var merchant = await app.CreateMerchantAsync();
        var price = await merchant.CreatePriceAsync();

        async Task<HttpStatusCode> PostFromAsync(string address)
        {
            var session = await merchant.CreateSessionAsync(price);
            using var page = new HostedPageClient(app.BaseAddress, forwardedFor: address);
            return (await page.PayAsync(session.Id(), cardNumber: Declined)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await PostFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await PostFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await PostFromAsync("203.0.113.8"));
    }

    [Fact]
    public async Task PaymentLinkVisits_SpendTheAddressesPageBudget_AndAHeadSpendsNothing()
    {
        await using var app = new TestApp(provider, settings: Settings(("RateLimits:PagePostsPerMinutePerAddress", "3")));
        var merchant = await app.CreateMerchantAsync();
        using var api = merchant.Api();
        var link = (await api.PostJsonAsync("/v1/payment_links", $$"""{"line_items": [{"price": "{{await merchant.CreatePriceAsync()}}", "quantity": 1}]}"""))
            .EnsureSuccessStatusCode();
        var linkId = (await link.ReadJsonAsync()).GetProperty("payment_link").GetProperty("payment_link_id").GetString()!;

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var browser = new HostedPageClient(app.BaseAddress); // a new browser each time: no cookie to bring its session back
            Assert.Equal(HttpStatusCode.OK, (await browser.HeadLinkAsync(linkId)).StatusCode);
            answers.Add((await browser.VisitLinkAsync(linkId)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], answers);
        var sessions = await (await api.GetAsync($"/v1/checkout/sessions?payment_link={linkId}")).ReadJsonAsync();
        Assert.Equal(3, sessions.GetProperty("checkout_sessions").GetArrayLength());
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnknownProxy_IsIgnored()
    {
        await using var app = new TestApp(provider, settings: Settings(("RateLimits:PagePostsPerMinutePerAddress", "2")));
        var merchant = await app.CreateMerchantAsync();
        var price = await merchant.CreatePriceAsync();

        var answers = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" })
        {
            using var page = new HostedPageClient(app.BaseAddress, forwardedFor: address);
            answers.Add((await page.PayAsync((await merchant.CreateSessionAsync(price)).Id(), cardNumber: Declined)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task Session_AfterTenDeclines_TakesNoMoreAttempts_AndTellsTheBuyer()
    {
        await using var app = new TestApp(provider);
        var merchant = await app.CreateMerchantAsync();
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.PaymentRequired, (await merchant.PayWithTestHelperAsync(session.Id(), "4000000000000002")).StatusCode);
        var refused = await merchant.PayWithTestHelperAsync(session.Id());

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_attempts_exceeded");
        using var page = new HostedPageClient(app.BaseAddress);
        var html = WebUtility.HtmlDecode(await (await page.PayAsync(session.Id())).Content.ReadAsStringAsync());
        Assert.Contains("too many declined payment attempts", html);
        Assert.Equal("open", (await merchant.GetSessionAsync(session.Id())).Status());
        var intent = Assert.Single(await merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal("requires_payment_method", intent.GetProperty("status").GetString());
        Assert.Equal(0, intent.GetProperty("amount_received").GetInt64());
    }
}

public sealed class RateLimitTestsOnSqlite() : RateLimitTests(DatabaseProvider.Sqlite);
public sealed class RateLimitTestsOnPostgres() : RateLimitTests(DatabaseProvider.Postgres);
