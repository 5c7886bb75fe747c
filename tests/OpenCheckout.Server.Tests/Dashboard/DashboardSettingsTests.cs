using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Settings in Chromium: the public name, support email, brand colour and logo set on the dashboard are what the
/// hosted page of a new session shows (the Pay button in the brand colour with black or white text of at least 4.5:1
/// contrast, the logo decoded by the browser), with nothing inline under the page's CSP; an SVG (even named .png), a
/// logo over 512 KB and a colour that is not exactly #rrggbb are refused with the reason and change nothing; one
/// account's brand never reaches another's page; a developer's forged settings post is a 403.</summary>
public abstract class DashboardSettingsTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    static readonly byte[] Logo = TestImages.Png(48, 24, 0x1f, 0x7a, 0x4d);

    [Fact]
    public async Task AnOwnerBrandsTheAccount_AndANewSessionsHostedPageShowsNameLogoAndColourWithReadableText()
    {
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/settings");
        await tab.Page.GetByLabel("Public name").FillAsync("Tea & Co");
        await tab.Page.GetByLabel("Support email (optional)").FillAsync("help@tea.example");
        await tab.Page.GetByLabel("Brand colour (optional)").FillAsync("#1F7A4D");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await tab.Page.GetByLabel("Logo image").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = Logo });
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload logo" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Logo uploaded.");
        // The dashboard shows the logo and a preview of the button, from the same stylesheet as the hosted page.
        Assert.Equal(48, await tab.Page.GetByRole(AriaRole.Img, new() { Name = "Current logo of Tea & Co" }).EvaluateAsync<int>("i => i.naturalWidth"));
        Assert.Equal("rgb(31, 122, 77)", await ComputedAsync(tab.Page.Locator(".brand-preview"), "background-color"));
        await ScreenshotAsync(tab, "settings");
        Assert.Empty(tab.Errors);

        await using var buyer = await HostedPageAsync(Merchant);
        var page = buyer.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pay Tea & Co" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".merchant")).ToHaveTextAsync("Tea & Co");
        var logo = page.GetByRole(AriaRole.Img, new() { Name = "Tea & Co" });
        Assert.Equal(48, await logo.EvaluateAsync<int>("i => i.complete ? i.naturalWidth : -1"));
        Assert.Equal("mailto:help@tea.example", await page.GetByRole(AriaRole.Link, new() { Name = "help@tea.example" }).GetAttributeAsync("href"));
        var pay = page.Locator("button.pay");
        var background = await ComputedAsync(pay, "background-color");
        var text = await ComputedAsync(pay, "color");
        Assert.Equal("rgb(31, 122, 77)", background);
        Assert.Equal("rgb(255, 255, 255)", text); // white contrasts more with this dark green than black does
        Assert.True(Contrast(background, text) >= 4.5, $"{text} on {background}: {Contrast(background, text):0.00}:1");
        await ScreenshotFileAsync(buyer, "hosted-page-branded");
        Assert.True(buyer.Errors.Count == 0, string.Join(Environment.NewLine, buyer.Errors)); // no CSP violation, nothing failed to load
        Assert.Empty(buyer.OffMachineRequests());

        // The assets: the logo as what its bytes are, never sniffed, and both cacheable for good at their versioned URLs.
        using var http = App.Http();
        var logoResponse = await http.GetAsync(await logo.GetAttributeAsync("src"));
        Assert.Equal("image/png", logoResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(logoResponse.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("immutable", logoResponse.Headers.CacheControl?.ToString());
        Assert.Equal(Logo, await logoResponse.Content.ReadAsByteArrayAsync());
        var css = await http.GetAsync(await page.Locator("link[href^='/pay/brand/']").GetAttributeAsync("href"));
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", css.Headers.CacheControl?.ToString());

        // A light colour gets black text; the page of a new session links the new stylesheet version.
        await tab.Page.GetByLabel("Brand colour (optional)").FillAsync("#ffd166");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await using var second = await HostedPageAsync(Merchant);
        Assert.Equal("rgb(255, 209, 102)", await ComputedAsync(second.Page.Locator("button.pay"), "background-color"));
        Assert.Equal("rgb(0, 0, 0)", await ComputedAsync(second.Page.Locator("button.pay"), "color"));

        // Removing the logo takes it off the page.
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Remove logo" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Logo removed.");
        await using var third = await HostedPageAsync(Merchant);
        Assert.Equal(0, await third.Page.Locator("img").CountAsync());
    }

    [Fact]
    public async Task AnSvgEvenNamedPng_AndALogoOver512KB_AreRefusedWithTheReason_AndChangeNothing()
    {
        await using var tab = await SignedInAsync(DashboardRole.Admin);
        await tab.Page.GotoAsync(Url("/dashboard/test/settings"));
        await UploadAsync(tab, new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = Logo });
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Logo uploaded.");
        var logoUrl = await tab.Page.Locator("img.logo-preview").GetAttributeAsync("src");

        var svg = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"""u8.ToArray();
        var refusedSvg = await UploadAsync(tab, new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = svg });
        Assert.Equal(400, refusedSvg.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must be a PNG, JPEG or WebP image");
        Assert.Equal(logoUrl, await tab.Page.Locator("img.logo-preview").GetAttributeAsync("src"));

        var huge = new byte[600 * 1024];
        Logo.CopyTo(huge, 0); // a PNG's first bytes: refused for its size alone
        var refusedHuge = await UploadAsync(tab, new FilePayload { Name = "big.png", MimeType = "image/png", Buffer = huge });
        Assert.Equal(400, refusedHuge.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must be at most 512 KB");

        Assert.Equal(logoUrl, await tab.Page.Locator("img.logo-preview").GetAttributeAsync("src"));
        using var http = App.Http();
        var served = await http.GetAsync(logoUrl);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Logo, await served.Content.ReadAsByteArrayAsync());
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task AHostileColour_IsRefused400WithTheReason_AndChangesNothing()
    {
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        await tab.Page.GotoAsync(Url("/dashboard/test/settings"));
        await tab.Page.GetByLabel("Brand colour (optional)").FillAsync("#123456");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");

        await tab.Page.GetByLabel("Public name").FillAsync("Renamed");
        await tab.Page.GetByLabel("Brand colour (optional)").FillAsync("blue");
        var refused = await tab.Page.RunAndWaitForResponseAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Brand colour must be # and six hexadecimal digits, such as #3b5bdb (or empty for the default).");
        Assert.Equal("blue", await tab.Page.GetByLabel("Brand colour (optional)").InputValueAsync());

        foreach (var hostile in new[] { "red;}body{x", "#123456;}body{display:none", "#12345", "#1234567", " #123456", "#12345g" })
        {
            var forged = await ForgedPostAsync(tab, "/dashboard/test/settings?handler=details",
                new() { ["name"] = "Forged", ["supportEmail"] = "", ["brandColor"] = hostile });
            Assert.Equal(400, forged.Status);
            Assert.Contains("Brand colour must be # and six hexadecimal digits", WebUtility.HtmlDecode(await forged.TextAsync()));
        }
        var badEmail = await ForgedPostAsync(tab, "/dashboard/test/settings?handler=details",
            new() { ["name"] = new string('x', Brand.NameLength + 1), ["supportEmail"] = "help at tea", ["brandColor"] = "" });
        Assert.Equal(400, badEmail.Status);
        var body = WebUtility.HtmlDecode(await badEmail.TextAsync());
        Assert.Contains($"Public name must be at most {Brand.NameLength} characters.", body);
        Assert.Contains("Support email must be an email address", body);

        var account = await AccountAsync(Merchant.AccountId);
        Assert.Equal("Tea shop", account.Name);
        Assert.Equal("#123456", account.BrandColor);
        Assert.Null(account.SupportEmail);
        using var http = App.Http();
        var css = await (await http.GetAsync(Brand.StylesheetPath(Merchant.AccountId, "#123456"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("body", css);
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task OneAccountsBrand_DoesNotReachAnothersPage()
    {
        var plain = await App.CreateMerchantAsync("Plain shop");
        var other = await App.CreateMerchantAsync("Coffee shop");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<AccountSettings>();
            await settings.SaveAsync(Merchant.AccountId, "Tea shop", null, "#7b2cbf", CancellationToken.None);
            await settings.SaveAsync(other.AccountId, "Coffee shop", null, "#ffd166", CancellationToken.None);
            await settings.SetLogoAsync(Merchant.AccountId, Logo, "image/png", CancellationToken.None);
        }

        await using var tea = await HostedPageAsync(Merchant);
        await using var coffee = await HostedPageAsync(other);
        await using var unbranded = await HostedPageAsync(plain);

        Assert.Equal("rgb(123, 44, 191)", await ComputedAsync(tea.Page.Locator("button.pay"), "background-color"));
        Assert.Equal("rgb(255, 209, 102)", await ComputedAsync(coffee.Page.Locator("button.pay"), "background-color"));
        Assert.Equal(0, await coffee.Page.Locator("img").CountAsync());
        Assert.DoesNotContain(coffee.Requests, url => url.Contains(Merchant.AccountId));
        // An account without a brand keeps the default look and loads only the page's own assets.
        Assert.Equal("rgb(59, 91, 219)", await ComputedAsync(unbranded.Page.Locator("button.pay"), "background-color"));
        Assert.DoesNotContain(unbranded.Requests, url => url.Contains("/pay/brand/"));
        Assert.Equal(0, await unbranded.Page.Locator("img, .support").CountAsync());

        // Another account's id in the stylesheet's URL gives that account's colour, never the version's owner's.
        using var http = App.Http();
        var teaCss = await tea.Page.Locator("link[href^='/pay/brand/']").GetAttributeAsync("href");
        var swapped = await http.GetAsync(teaCss!.Replace(Merchant.AccountId, other.AccountId));
        Assert.Contains("#ffd166", await swapped.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", swapped.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(teaCss.Replace(Merchant.AccountId, plain.AccountId))).StatusCode);
        Assert.Empty(tea.Errors);
        Assert.Empty(coffee.Errors);
    }

    [Fact]
    public async Task ADeveloperSeesNoSettingsForms_AndAForgedSettingsPostIsRefused403()
    {
        await using var tab = await SignedInAsync(DashboardRole.Developer);
        await tab.Page.GotoAsync(Url("/dashboard/live/settings"));
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).CountAsync());
        await Assertions.Expect(tab.Page.GetByText("Your role may not change settings.")).ToBeVisibleAsync();

        var forged = await ForgedPostAsync(tab, "/dashboard/live/settings?handler=details", new() { ["name"] = "Forged", ["brandColor"] = "#000000" });
        var forgedRemove = await ForgedPostAsync(tab, "/dashboard/test/settings?handler=removelogo", new());

        Assert.Equal(403, forged.Status);
        Assert.Equal(403, forgedRemove.Status);
        var account = await AccountAsync(Merchant.AccountId);
        Assert.Equal("Tea shop", account.Name);
        Assert.Null(account.BrandColor);
    }

    async Task<Account> AccountAsync(string accountId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountSettings>().FindAsync(accountId, CancellationToken.None))!;
    }

    static async Task<IResponse> UploadAsync(BrowserTab tab, FilePayload file)
    {
        await tab.Page.GetByLabel("Logo image").SetInputFilesAsync(file);
        return (await tab.Page.RunAndWaitForResponseAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Upload logo" }).ClickAsync(), r => r.Request.Method == "POST"))!;
    }

    /// <summary>A new session's hosted page, fully loaded, in a tab of its own.</summary>
    async Task<BrowserTab> HostedPageAsync(TestMerchant merchant)
    {
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync(2000));
        var tab = await OpenTabAsync();
        await tab.Page.GotoAsync(session.GetProperty("redirect_url").GetString()!, new() { WaitUntil = WaitUntilState.NetworkIdle });
        return tab;
    }

    static Task<string> ComputedAsync(ILocator element, string property) =>
        element.EvaluateAsync<string>("(e, p) => getComputedStyle(e).getPropertyValue(p)", property);

    /// <summary>WCAG 2's contrast ratio of two computed <c>rgb(r, g, b)</c> colours, worked out here independently of the server.</summary>
    static double Contrast(string a, string b)
    {
        static double Luminance(string rgb)
        {
            var c = rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture) / 255)
                .Select(v => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4)).ToArray();
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        }
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>A screenshot named as given (not dashboard-...), beside the dashboard's.</summary>
    static async Task ScreenshotFileAsync(BrowserTab tab, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "screenshots");
        Directory.CreateDirectory(folder);
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}

public sealed class DashboardSettingsTestsOnSqlite(BrowserFixture browser) : DashboardSettingsTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardSettingsTestsOnPostgres(BrowserFixture browser) : DashboardSettingsTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
