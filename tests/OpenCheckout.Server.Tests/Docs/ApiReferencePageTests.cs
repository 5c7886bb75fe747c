using System.Net;
using System.Text.RegularExpressions;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Docs;

/// <summary>The API reference at /docs (issue 18): Scalar, served by the server itself (no request leaves the machine),
/// rendered in a real browser under its own CSP with no violation, while the hosted page keeps its strict policy.</summary>
public sealed class ApiReferencePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Docs_RendersTheReferenceFromTheServer_WithANoncedCsp_AndNoViolation()
    {
        await using var tab = await browser.OpenTabAsync();

        var response = await tab.Page.GotoAsync(new Uri(_app.BaseAddress, "/docs").ToString());

        Assert.Equal(200, response!.Status);
        var csp = await response.HeaderValueAsync("content-security-policy");
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]+'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var nonce = Regex.Match(csp!, "'nonce-([^']+)'").Groups[1].Value;
        var html = await response.TextAsync();
        Assert.All(Regex.Matches(html, "<script[^>]*>").Select(m => m.Value), tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        // Scalar fetched our document from the server and drew it: its title and description are on the page.
        try
        {
            await tab.Page.GetByText("Flex-compatible hosted checkout").First.WaitForAsync(new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var text = await tab.Page.InnerTextAsync("body");
            Assert.Fail($"The reference never showed the document. Errors: {string.Join(" | ", tab.Errors)}\nText: {text[..Math.Min(text.Length, 1500)]}");
        }
        Assert.Contains(tab.Requests, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        // Scalar probes whether eval is allowed and works without it; nothing else may be refused or fail.
        Assert.DoesNotContain(tab.Errors, e => !e.Contains("script-src blocked eval", StringComparison.Ordinal));
        Assert.Empty(tab.OffMachineRequests());
    }

    [Fact]
    public async Task Docs_NonceIsNewEachTime_AndTheHostedPageKeepsItsStrictPolicy()
    {
        using var http = _app.Http();
        var first = (await http.GetAsync("/docs")).Headers.GetValues("Content-Security-Policy").Single();
        var second = (await http.GetAsync("/docs")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(first, second);

        var page = await http.GetAsync("/pay/c/fcs_unknown");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var strict = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", strict);
        Assert.DoesNotContain("nonce-", strict);
    }
}
