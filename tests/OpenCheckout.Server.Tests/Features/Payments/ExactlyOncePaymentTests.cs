using System.Net;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.Payments;

/// <summary>A session is paid at most once however many submits race: the database decides, not a lock in memory.</summary>
public abstract class ExactlyOncePaymentTests(DatabaseProvider provider) : IAsyncLifetime
{
    const int Submits = 50;
    // The hosted page's limits (20 posts a minute a session) would refuse most of the racing submits: this is about the
    // charge's guard, so they are raised past the race.
    readonly TestApp _app = new(provider, settings: new Dictionary<string, string?>
    {
        ["OpenCheckout:RateLimits:PagePostsPerMinutePerSession"] = "1000",
        ["OpenCheckout:RateLimits:PagePostsPerMinutePerAddress"] = "1000",
    });
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FiftyConcurrentHostedPageSubmits_ChargeOnceAndCompleteOnce()
    {
        var id = (await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(4200))).GetProperty("id").GetString()!;
        using var page = new HostedPageClient(_app.BaseAddress);
        var token = HostedPageClient.TokenOf(await (await page.GetAsync(id)).Content.ReadAsStringAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, Submits).Select(_ => page.SubmitAsync(id, token)));

        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"got {(int)r.StatusCode}"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.SeeOther);
        foreach (var other in responses.Where(r => r.StatusCode != HttpStatusCode.SeeOther))
            Assert.Contains("This checkout has been paid", await other.Content.ReadAsStringAsync());
        await AssertPaidOnce(id, 4200);
    }

    [Fact]
    public async Task FiftyConcurrentTestHelperPays_OneSucceedsTheRestConflict()
    {
        var id = (await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(999))).GetProperty("id").GetString()!;
        using var api = _merchant.Api();

        var responses = await Task.WhenAll(Enumerable.Range(0, Submits)
            .Select(_ => api.PostAsync($"/v1/test_helpers/checkout/sessions/{id}/pay", Json.Body("{}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await AssertPaidOnce(id, 999);
    }

    async Task AssertPaidOnce(string sessionId, long amount)
    {
        var session = await _merchant.GetSessionAsync(sessionId);
        Assert.Equal("complete", session.GetProperty("status").GetString());
        using var api = _merchant.Api();
        var intents = (await (await api.GetAsync($"/v1/payment_intents?checkout_session={sessionId}&limit=100")).ReadJsonAsync())
            .GetProperty("payment_intents");
        var intent = Assert.Single(intents.EnumerateArray());
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Equal(amount, intent.GetProperty("amount_received").GetInt64());
        Assert.Equal(session.GetProperty("payment_intent").GetString(), intent.GetProperty("payment_intent_id").GetString());
    }
}

public sealed class ExactlyOncePaymentTestsOnSqlite() : ExactlyOncePaymentTests(DatabaseProvider.Sqlite);
public sealed class ExactlyOncePaymentTestsOnPostgres() : ExactlyOncePaymentTests(DatabaseProvider.Postgres);
