using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>What every dashboard test starts from: a server on the given provider, a merchant "Tea shop" with one dashboard
/// user per role ({role}@tea.example), signed in through the real form in Chromium. Screenshots go to
/// artifacts/screenshots, where docs/dashboard.md takes its pictures from.</summary>
public abstract class DashboardBrowserTest(BrowserFixture browser, DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    : IAsyncLifetime
{
    protected const string Password = "correct horse battery";
    protected readonly TestApp App = new(provider, settings: settings);
    protected TestMerchant Merchant { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Merchant = await App.CreateMerchantAsync("Tea shop");
        foreach (var role in DashboardRole.All) await CreateUserAsync(role);
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    protected static string EmailOf(string role) => $"{role}@tea.example";

    protected async Task CreateUserAsync(string role, string? accountId = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<DashboardUsers>()
            .CreateAsync(accountId ?? Merchant.AccountId, EmailOf(role), role, Password));
    }

    protected string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    protected Task<BrowserTab> OpenTabAsync() => browser.OpenTabAsync();

    /// <summary>Sent to the sign-in form by /dashboard, signed in there, landed on the test-mode Home.</summary>
    protected async Task<BrowserTab> SignedInAsync(string role)
    {
        var tab = await browser.OpenTabAsync();
        await tab.Page.GotoAsync(Url("/dashboard"));
        Assert.EndsWith("/dashboard/sign-in?ReturnUrl=%2Fdashboard", tab.Page.Url);
        await tab.Page.GetByLabel("Email").FillAsync(EmailOf(role));
        await tab.Page.GetByLabel("Password").FillAsync(Password);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test");
        return tab;
    }

    protected static async Task ScreenshotAsync(BrowserTab tab, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "screenshots");
        Directory.CreateDirectory(folder);
        await tab.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = true });
    }

    /// <summary>A POST made with the user's own cookie and anti-forgery token, as a hand-crafted form would send it.</summary>
    protected static async Task<IAPIResponse> ForgedPostAsync(BrowserTab tab, string path, Dictionary<string, string> form)
    {
        var token = await tab.Page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var data = tab.Page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in form.Append(KeyValuePair.Create("__RequestVerificationToken", token!))) data.Set(name, value);
        return await tab.Page.Context.APIRequest.PostAsync(new Uri(new Uri(tab.Page.Url), path).ToString(), new() { Form = data, MaxRedirects = 0 });
    }
}
