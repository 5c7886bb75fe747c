using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Developers → API keys in Chromium: a rolled key keeps working for the chosen overlap and not a second more,
/// the new one works at once; a revoked key is refused at once; "last used" shows once written; a viewer cannot touch
/// keys (the forged POST is a 403).</summary>
public abstract class DashboardKeysTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    async Task<BrowserTab> KeysPageAsync(string role)
    {
        var tab = await SignedInAsync(role);
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/keys"));
        return tab;
    }

    async Task<HttpStatusCode> CallWithAsync(string key)
    {
        using var api = App.Http(key);
        return (await api.GetAsync("/v1/products")).StatusCode;
    }

    static string Masked(string key) => $"{key[..(ApiKeys.TestPrefix.Length + 12)]}…{key[^4..]}";

    [Fact]
    public async Task ARolledKey_WorksForTheOverlap_ThenIsRefused_AndTheNewKeyWorksAtOnce()
    {
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(Merchant.TestKey));
        await using var tab = await KeysPageAsync(DashboardRole.Developer);
        var row = tab.Page.Locator("tr", new() { HasText = Masked(Merchant.TestKey) });
        await row.GetByLabel("Old key works for").SelectOptionAsync("1h");

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Roll ") }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("the old key works until");
        var newKey = await tab.Page.GetByLabel("New key").InputValueAsync();
        Assert.StartsWith(ApiKeys.TestPrefix, newKey);
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(newKey));
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(Merchant.TestKey));
        App.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(Merchant.TestKey));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithAsync(Merchant.TestKey));
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(newKey));

        // The page made the key once; a reload shows it no more.
        await tab.Page.ReloadAsync();
        Assert.Equal(0, await tab.Page.GetByLabel("New key").CountAsync());
        Assert.DoesNotContain(newKey, await tab.Page.ContentAsync());
    }

    [Fact]
    public async Task ARevokedKey_IsRefusedAtOnce_AndLastUsedShowsOnceWritten()
    {
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(Merchant.TestKey)); // remembered by the server now
        await App.Services.GetRequiredService<ApiKeyUsage>().FlushAsync(CancellationToken.None);
        await using var tab = await KeysPageAsync(DashboardRole.Developer);
        var row = tab.Page.Locator("tr", new() { HasText = Masked(Merchant.TestKey) });
        await Assertions.Expect(row).ToContainTextAsync($"{TestApp.Start:yyyy-MM-dd HH:mm} UTC"); // last used, written by the flush

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Revoke ") }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Key revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithAsync(Merchant.TestKey));
        await Assertions.Expect(tab.Page.Locator("tr", new() { HasText = Masked(Merchant.TestKey) })).ToContainTextAsync("revoked");
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(Merchant.LiveKey)); // the other mode's key is another key
    }

    [Fact]
    public async Task AViewer_SeesNoKeyActions_AndTheForgedRevokeIsRefused()
    {
        await using var tab = await KeysPageAsync(DashboardRole.Viewer);
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Create a key" }).CountAsync());
        var token = await tab.Page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = tab.Page.Context.APIRequest.CreateFormData();
        form.Set("id", ApiKeys.Parse(Merchant.TestKey)!.Value.LookupId);
        form.Set("__RequestVerificationToken", token!);

        var forged = await tab.Page.Context.APIRequest.PostAsync(
            new Uri(App.BaseAddress, "/dashboard/test/developers/keys?handler=revoke").ToString(), new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(403, forged.Status);
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(Merchant.TestKey));
    }
}

public sealed class DashboardKeysTestsOnSqlite(BrowserFixture browser) : DashboardKeysTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardKeysTestsOnPostgres(BrowserFixture browser) : DashboardKeysTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
