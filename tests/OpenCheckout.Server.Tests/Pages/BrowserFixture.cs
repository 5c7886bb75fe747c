using Microsoft.Playwright;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>One headless Debian Chromium per test class, driven by Playwright's bundled node driver.
/// Playwright never downloads a browser here: it starts the system one by path.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Tests run as root (so no sandbox) on a machine without network: everything that would phone home is off,
    // and every host name but 127.0.0.1 fails to resolve, so a wrong redirect fails loudly instead of leaving.
    static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ];

    IPlaywright? _playwright;
    IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: scripts/test.sh installs Debian's chromium package.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh context (own cookies) with one page that records every request it makes and every
    /// console error, uncaught exception and CSP violation it sees.</summary>
    public async Task<BrowserTab> OpenTabAsync(bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new()
        {
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new() { Width = 800, Height = 900 },
            Locale = "en-US",
        });
        var tab = new BrowserTab(context, await context.NewPageAsync());
        await tab.WatchAsync();
        return tab;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}

public sealed class BrowserTab(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page => page;

    /// <summary>Every URL the page asked for, redirect targets included.</summary>
    public List<string> Requests { get; } = [];

    public List<string> Errors { get; } = [];

    internal async Task WatchAsync()
    {
        // Chromium reports CSP violations on the console too; the event makes sure none is missed or reworded.
        await context.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", e =>
              console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
            """);
        context.Request += (_, request) => { lock (Requests) Requests.Add(request.Url); };
        page.Console += (_, message) => { if (message.Type == "error") lock (Errors) Errors.Add($"console: {message.Text} ({message.Location})"); };
        page.PageError += (_, error) => { lock (Errors) Errors.Add($"page error: {error}"); };
    }

    /// <summary>Requests that went anywhere but this machine's loopback address.</summary>
    public IReadOnlyList<string> OffMachineRequests()
    {
        lock (Requests)
            return Requests.Where(url => Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https" && uri.Host != "127.0.0.1").ToList();
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
