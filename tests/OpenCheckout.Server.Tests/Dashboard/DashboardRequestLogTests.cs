using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.RequestLog;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Developers → Request log in Chromium: the account's API requests of the page's mode, with their method, path
/// (never the query string), status and the Request-Id the API answered with; another account's and the other mode's
/// requests never show; filters and pages of 50; rows past the retention are deleted; nothing scrolls sideways at 360 px.</summary>
public abstract class DashboardRequestLogTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    Task FlushAsync() => App.Services.GetRequiredService<RequestLogWorker>().FlushAsync(CancellationToken.None);

    async Task<BrowserTab> LogPageAsync(string role, string mode = "test", string query = "")
    {
        var tab = await SignedInAsync(role);
        await tab.Page.GotoAsync(Url($"/dashboard/{mode}/developers/logs{query}"));
        return tab;
    }

    static ILocator Row(BrowserTab tab, string requestId) => tab.Page.Locator("table.log tbody tr", new() { HasText = requestId });

    [Fact]
    public async Task ApiRequests_ShowWithMethodPathStatusAndRequestId_WithoutQueryStrings_AndOnlyThisAccountsModeShows()
    {
        using var api = Merchant.Api();
        var list = await api.GetAsync("/v1/products?limit=3&email=secret%40example.com");
        var missing = await api.GetAsync("/v1/products/fprod_01HZZZZZZZZZZZZZZZZZZZZZZZ");
        var created = await api.PostJsonAsync("/v1/products", """{"name":"Sencha"}""");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK), (list.StatusCode, missing.StatusCode, created.StatusCode));
        using var live = Merchant.Api(live: true);
        var liveCall = await live.GetAsync("/v1/customers");
        var other = await App.CreateMerchantAsync("Coffee shop");
        using var otherApi = other.Api();
        var otherCall = await otherApi.GetAsync("/v1/products");
        using var noKey = App.Http();
        var refused = await noKey.GetAsync("/v1/products");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await FlushAsync();

        await using var tab = await LogPageAsync(DashboardRole.Viewer);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Request log" }).WaitForAsync();
        var listRow = Row(tab, ApiAssert.RequestId(list));
        await Assertions.Expect(listRow).ToContainTextAsync("GET");
        await Assertions.Expect(listRow).ToContainTextAsync("/v1/products");
        await Assertions.Expect(listRow).ToContainTextAsync("200");
        var missingRow = Row(tab, ApiAssert.RequestId(missing));
        await Assertions.Expect(missingRow).ToContainTextAsync("/v1/products/fprod_01HZZZZZZZZZZZZZZZZZZZZZZZ");
        await Assertions.Expect(missingRow).ToContainTextAsync("404");
        var createdRow = Row(tab, ApiAssert.RequestId(created));
        await Assertions.Expect(createdRow).ToContainTextAsync("POST");
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(3);
        var html = await tab.Page.ContentAsync();
        Assert.DoesNotContain("limit=3", html);
        Assert.DoesNotContain("secret", html);
        Assert.DoesNotContain(ApiAssert.RequestId(liveCall), html);
        Assert.DoesNotContain(ApiAssert.RequestId(otherCall), html);
        Assert.DoesNotContain(ApiAssert.RequestId(refused), html);
        await using (var scope = App.Services.CreateAsyncScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<CheckoutDb>().RequestLog.AnyAsync(r => r.Path.Contains("?")));

        // Filters: a status class, a method, a part of the path, a request id.
        await tab.Page.GetByLabel("Status").SelectOptionAsync("4xx");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(tab, ApiAssert.RequestId(missing))).ToBeVisibleAsync();
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/logs?method=POST"));
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(tab, ApiAssert.RequestId(created))).ToBeVisibleAsync();
        await tab.Page.GotoAsync(Url($"/dashboard/test/developers/logs?request_id={ApiAssert.RequestId(list)}"));
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(1);
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/logs?path=fprod_"));
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(1);

        // At 360 px each request is a block of labelled lines: nothing scrolls sideways.
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/logs"));
        await tab.Page.SetViewportSizeAsync(360, 800);
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The request log scrolls sideways at 360 px.");
        await tab.Page.SetViewportSizeAsync(1100, 800);
        await ScreenshotAsync(tab, "request-log");

        // The live page shows the live request only.
        await tab.Page.GotoAsync(Url("/dashboard/live/developers/logs"));
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(tab, ApiAssert.RequestId(liveCall))).ToContainTextAsync("/v1/customers");
    }

    [Fact]
    public async Task ThePage_Shows50ANewestFirst_AndTheNextPageTheRest()
    {
        using var api = Merchant.Api();
        var ids = new List<string>();
        for (var i = 0; i < 55; i++)
        {
            App.Clock.Advance(TimeSpan.FromMilliseconds(2)); // distinct times, so "newest first" has one answer
            ids.Add(ApiAssert.RequestId(await api.GetAsync($"/v1/products/fprod_{i}")));
        }
        await FlushAsync();

        await using var tab = await LogPageAsync(DashboardRole.Developer);
        var rows = tab.Page.Locator("table.log tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(50);
        await Assertions.Expect(rows.First).ToContainTextAsync(ids[54]);
        await Assertions.Expect(rows.Last).ToContainTextAsync(ids[5]);
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(rows.First).ToContainTextAsync(ids[4]);
        await Assertions.Expect(rows.Last).ToContainTextAsync(ids[0]);
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).CountAsync());
    }

    [Fact]
    public async Task RowsOlderThanTheRetention_ArePurged_AndNewerOnesStay()
    {
        using var api = Merchant.Api();
        var old = ApiAssert.RequestId(await api.GetAsync("/v1/products"));
        await FlushAsync();
        App.Clock.Advance(TimeSpan.FromDays(6));
        var recent = ApiAssert.RequestId(await api.GetAsync("/v1/customers"));
        await FlushAsync();
        var retention = App.Services.GetRequiredService<RequestLogRetentionWorker>();
        Assert.Equal(0, await retention.PurgeAsync(CancellationToken.None));

        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)); // the first request is now 7 days and a minute old
        Assert.Equal(1, await retention.PurgeAsync(CancellationToken.None));

        await using var tab = await LogPageAsync(DashboardRole.Viewer);
        await Assertions.Expect(tab.Page.Locator("table.log tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(tab, recent)).ToContainTextAsync("/v1/customers");
        Assert.DoesNotContain(old, await tab.Page.ContentAsync());
    }
}

public sealed class DashboardRequestLogTestsOnSqlite(BrowserFixture browser) : DashboardRequestLogTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardRequestLogTestsOnPostgres(BrowserFixture browser) : DashboardRequestLogTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
