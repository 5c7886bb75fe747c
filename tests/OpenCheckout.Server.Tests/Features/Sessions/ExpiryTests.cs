using System.Net;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>Contract section 4 lifecycle: sessions expire at expires_at (seen by readers before any sweep) or via /expire.</summary>
public abstract class ExpiryTests(DatabaseProvider provider) : IAsyncLifetime
{
    // The background sweeper is kept from ticking while the clock moves, so "before any sweep" really means that;
    // the tests run the sweep themselves with SweepExpiredAsync.
    readonly TestApp _app = new(provider, settings: new Dictionary<string, string?> { ["OpenCheckout:Sessions:SweepInterval"] = "10.00:00:00" });
    TestMerchant _merchant = null!;
    string _price = null!;

    static readonly TimeSpan PastDefaultExpiry = TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1);

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    async Task<HttpResponseMessage> ExpireAsync(string id)
    {
        using var api = _merchant.Api();
        return await api.PostAsync($"/v1/checkout/sessions/{id}/expire", null);
    }

    [Fact]
    public async Task Session_PastExpiresAt_ReadsExpiredBeforeAnySweep()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        _app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal("open", (await _merchant.GetSessionAsync(session.Id())).Status());

        _app.Clock.Advance(TimeSpan.FromSeconds(2));

        var fetched = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("expired", fetched.Status());
        Assert.Equal("unpaid", fetched.GetProperty("payment_status").GetString());
        Assert.Equal(1, await _app.SweepExpiredAsync()); // nothing had swept it yet
    }

    [Fact]
    public async Task Session_WithShortExpiresAt_ExpiresThen()
    {
        var expiresAt = TestApp.Start.AddMinutes(30).ToUnixTimeSeconds();
        using var api = _merchant.Api();
        var created = await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}],"expires_at":{{expiresAt}}}
            """);
        var id = (await created.ReadJsonAsync()).GetProperty("checkout_session").Id();

        _app.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal("expired", (await _merchant.GetSessionAsync(id)).Status());
    }

    [Fact]
    public async Task ExpiredSession_CannotBePaidWithTestHelper()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        _app.Clock.Advance(PastDefaultExpiry);

        var response = await _merchant.PayWithTestHelperAsync(session.Id());

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        Assert.Equal("expired", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Fact]
    public async Task ExpiredSession_HostedPageShowsExpiredAndSubmitChargesNothing()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var page = new HostedPageClient(_app.BaseAddress);
        var form = await (await page.GetAsync(session.Id())).Content.ReadAsStringAsync();
        _app.Clock.Advance(PastDefaultExpiry);

        var get = await page.GetAsync(session.Id());
        var submit = await page.SubmitAsync(session.Id(), HostedPageClient.TokenOf(form));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("This checkout has expired", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        var html = await submit.Content.ReadAsStringAsync();
        Assert.Contains("This checkout has expired", html);
        Assert.DoesNotContain("<form", html);
        Assert.Equal("expired", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Fact]
    public async Task ListStatusFilter_CountsSessionPastExpiresAtAsExpiredBeforeAnySweep()
    {
        var stale = await _merchant.CreateSessionAsync(_price);
        _app.Clock.Advance(TimeSpan.FromHours(2));
        var fresh = await _merchant.CreateSessionAsync(_price);
        _app.Clock.Advance(TimeSpan.FromHours(23));

        var expired = await _merchant.SessionsAsync("?status=expired");
        var open = await _merchant.SessionsAsync("?status=open");
        var all = await _merchant.SessionsAsync();

        Assert.Equal([stale.Id()], expired.Select(s => s.Id()));
        Assert.Equal([fresh.Id()], open.Select(s => s.Id()));
        Assert.Equal("expired", all.Single(s => s.Id() == stale.Id()).Status());
        Assert.Equal(1, await _app.SweepExpiredAsync());
    }

    /// <summary>The expired filter reads two queries (stored as expired; open past expires_at, not yet swept) and merges
    /// them: pages in both directions and with an offset must interleave the two newest first, each session once.</summary>
    [Fact]
    public async Task ListStatusFilter_Expired_PagesSweptAndUnsweptTogetherNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            // Odd ones expire on their own in 30 minutes and stay unswept; even ones are expired now, through the API.
            var expiresAt = i % 2 == 1 ? $$""","expires_at":{{_app.Clock.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds()}}""" : "";
            using var api = _merchant.Api();
            var created = await api.PostJsonAsync("/v1/checkout/sessions",
                $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]{{expiresAt}}}""");
            ids.Add((await created.ReadJsonAsync()).GetProperty("checkout_session").Id());
            if (i % 2 == 0) Assert.Equal(HttpStatusCode.OK, (await ExpireAsync(ids[^1])).StatusCode);
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        var open = await _merchant.CreateSessionAsync(_price);
        ids.Reverse(); // newest first

        var forward = new List<string>();
        string? after = null;
        for (var more = true; more;)
        {
            var page = await _merchant.SessionPageAsync("?status=expired&limit=1" + (after is null ? "" : "&starting_after=" + after));
            forward.AddRange(page.Ids);
            after = page.Ids.Last();
            more = page.HasMore;
        }
        var backward = await _merchant.SessionPageAsync($"?status=expired&limit=2&ending_before={ids[3]}");
        var offset = await _merchant.SessionPageAsync("?status=expired&limit=2&offset=1");

        Assert.Equal(ids, forward);
        Assert.Equal([ids[1], ids[2]], backward.Ids);
        Assert.True(backward.HasMore);
        Assert.Equal([ids[1], ids[2]], offset.Ids);
        Assert.True(offset.HasMore);
        Assert.Equal([open.Id()], (await _merchant.SessionsAsync("?status=open")).Select(s => s.Id()));
        Assert.Equal(2, await _app.SweepExpiredAsync()); // the odd ones had not been swept
        Assert.Equal(ids, (await _merchant.SessionPageAsync("?status=expired")).Ids);
    }

    [Fact]
    public async Task Sweep_LeavesExpiredSessionExpiredAndTouchesNothingElse()
    {
        var stale = await _merchant.CreateSessionAsync(_price);
        var paid = await _merchant.CreateSessionAsync(_price);
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(paid.Id())).StatusCode);
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var fresh = await _merchant.CreateSessionAsync(_price);
        _app.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await _app.SweepExpiredAsync());
        Assert.Equal(0, await _app.SweepExpiredAsync());

        Assert.Equal("expired", (await _merchant.GetSessionAsync(stale.Id())).Status());
        Assert.Equal("complete", (await _merchant.GetSessionAsync(paid.Id())).Status());
        Assert.Equal("open", (await _merchant.GetSessionAsync(fresh.Id())).Status());
        Assert.Equal([stale.Id()], (await _merchant.SessionsAsync("?status=expired")).Select(s => s.Id()));
        Assert.Equal([fresh.Id()], (await _merchant.SessionsAsync("?status=open")).Select(s => s.Id()));
        Assert.Equal([paid.Id()], (await _merchant.SessionsAsync("?status=complete")).Select(s => s.Id()));
        await ApiAssert.ErrorAsync(await _merchant.PayWithTestHelperAsync(stale.Id()), HttpStatusCode.Conflict,
            "invalid_request_error", "checkout_session_not_open");
    }

    [Fact]
    public async Task Expire_OpenSession_Returns200ExpiredAndSecondExpireReturns409()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var first = await ExpireAsync(session.Id());
        var second = await ExpireAsync(session.Id());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var expired = (await first.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal(session.Id(), expired.Id());
        Assert.Equal("expired", expired.Status());
        await ApiAssert.ErrorAsync(second, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        Assert.Equal("expired", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task Expire_ThenPay_Returns409AndHostedPageShowsExpired()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        Assert.Equal(HttpStatusCode.OK, (await ExpireAsync(session.Id())).StatusCode);

        var pay = await _merchant.PayWithTestHelperAsync(session.Id());

        await ApiAssert.ErrorAsync(pay, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        using var page = new HostedPageClient(_app.BaseAddress);
        Assert.Contains("This checkout has expired", await (await page.GetAsync(session.Id())).Content.ReadAsStringAsync());
        Assert.Empty(await _merchant.PaymentIntentsOfAsync(session.Id()));
    }

    [Fact]
    public async Task Expire_CompleteSession_Returns409AndSessionStaysComplete()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);

        var response = await ExpireAsync(session.Id());

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        var fetched = await _merchant.GetSessionAsync(session.Id());
        Assert.Equal("complete", fetched.Status());
        Assert.Equal("paid", fetched.GetProperty("payment_status").GetString());
    }

    [Fact]
    public async Task Expire_SessionAlreadyPastExpiresAt_Returns409()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        _app.Clock.Advance(PastDefaultExpiry);

        var response = await ExpireAsync(session.Id());

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        Assert.Equal("expired", (await _merchant.GetSessionAsync(session.Id())).Status());
    }

    [Fact]
    public async Task CompleteSession_PastExpiresAt_StaysComplete()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);
        _app.Clock.Advance(PastDefaultExpiry);
        await _app.SweepExpiredAsync();

        Assert.Equal("complete", (await _merchant.GetSessionAsync(session.Id())).Status());
        using var page = new HostedPageClient(_app.BaseAddress);
        Assert.Contains("This checkout has been paid", await (await page.GetAsync(session.Id())).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Expire_UnknownSession_Returns404()
    {
        var response = await ExpireAsync("fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }

    [Fact]
    public async Task Expire_ConcurrentRequests_ExpireOnceAndOthersGet409()
    {
        var session = await _merchant.CreateSessionAsync(_price);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ExpireAsync(session.Id())));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task List_WithUnknownStatus_Returns400NamingStatus()
    {
        using var api = _merchant.Api();

        var response = await api.GetAsync("/v1/checkout/sessions?status=paid");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_string", "status");
    }
}

public sealed class ExpiryTestsOnSqlite() : ExpiryTests(DatabaseProvider.Sqlite);
public sealed class ExpiryTestsOnPostgres() : ExpiryTests(DatabaseProvider.Postgres);
