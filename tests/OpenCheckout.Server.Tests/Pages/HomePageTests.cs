using System.Net;
using System.Text.RegularExpressions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary><c>GET /</c>, where someone who opens the server's address lands: a small page that points at the API reference,
/// the dashboard and the documentation, under a policy with no inline script or style (issue 20).</summary>
public sealed class HomePageTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Root_IsAPageLinkingTheReferenceTheDashboardAndTheDocs()
    {
        using var http = _app.Http();

        var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var links = Regex.Matches(html, "<a href=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("/docs", links);
        Assert.Contains("/dashboard", links);
        Assert.Contains("README", html);
        Assert.Contains("docs/", html);
        // Every link on it leads somewhere (the dashboard to its sign-in).
        foreach (var link in links)
        {
            var target = await http.GetAsync(link);
            Assert.True(target.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, $"{link}: {(int)target.StatusCode}");
        }
    }

    [Fact]
    public async Task Root_HasNoInlineScriptOrStyle_AndAStrictPolicy()
    {
        using var http = _app.Http();

        var response = await http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotMatch(" style=", html);
        Assert.DoesNotMatch(" on[a-z]+=", html);

        var stylesheet = Regex.Match(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;
        var css = await http.GetAsync(stylesheet);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Root_AnswersHead()
    {
        using var http = _app.Http();

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("DENY", head.Headers.GetValues("X-Frame-Options").Single());
    }
}
