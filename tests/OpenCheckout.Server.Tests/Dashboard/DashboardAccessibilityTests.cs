using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Tests.Features.Refunds;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Every dashboard page an owner can reach by following links, in both modes, with data on it: axe-core finds
/// nothing serious or critical, no page scrolls sideways at 360 px, no CSP violation or script error. And the main path
/// works from the keyboard alone, with a visible focus.</summary>
public abstract class DashboardAccessibilityTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider)
{
    // Enough for every kind of page with a margin; a crawl that reaches it means the kinds multiply.
    const int MaxPages = 80;

    async Task SeedAsync()
    {
        using var api = Merchant.Api();
        // Nothing listens on port 9: its deliveries fail, so the log has failed attempts to show.
        (await api.PostAsync("/v1/webhooks", Json.Body("""{"webhook":{"url":"http://127.0.0.1:9/hook","events":["*"]}}"""))).EnsureSuccessStatusCode();
        var paid = await Paid.SessionAsync(Merchant, 2500);
        (await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id":"{{paid.PaymentIntentId}}","amount":500}"""))).EnsureSuccessStatusCode();
        await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(1200, productName: "Sencha"));
        (await api.PostAsync("/v1/coupons", Json.Body("""{"percent_off":10,"duration":"once","name":"Ten"}"""))).EnsureSuccessStatusCode();
        await Merchant.CreateSessionAsync(await Merchant.CreatePriceAsync(900, live: true, productName: "Genmaicha"), live: true);
        // A subscription, paid, so its page has an invoice and the cancel forms.
        var product = (await (await api.PostAsync("/v1/products", Json.Body("""{"name":"Tea club"}"""))).ReadJsonAsync()).GetProperty("product").GetProperty("product_id").GetString();
        var monthly = await api.PostAsync("/v1/prices", Json.Body($$"""{"product":"{{product}}","unit_amount":1500,"currency":"usd","recurring":{"interval":"monthly"} }"""));
        monthly.EnsureSuccessStatusCode();
        var session = await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"mode":"subscription","success_url":"https://shop.example/ok","line_items":[{"price":"{{(await monthly.ReadJsonAsync()).GetProperty("price").GetProperty("price_id").GetString()}}","quantity":1}]}
            """));
        session.EnsureSuccessStatusCode();
        (await Merchant.PayWithTestHelperAsync((await session.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("id").GetString()!)).EnsureSuccessStatusCode();
    }

    /// <summary>Links worth visiting: dashboard pages of this server, not downloads or the sign-out.</summary>
    static bool Crawlable(Uri link, Uri origin) =>
        link.Host == origin.Host && link.Port == origin.Port && link.AbsolutePath.StartsWith("/dashboard/")
        && !link.Query.Contains("handler=csv") && !link.AbsolutePath.Contains("sign-out");

    /// <summary>One page of each kind is enough: the path with its ids as <c>{id}</c>, and the names of its query.</summary>
    static string KindOf(Uri link) =>
        string.Join('/', link.AbsolutePath.Split('/').Select(segment => segment.Contains('_') ? "{id}" : segment))
        + "?" + string.Join('&', System.Web.HttpUtility.ParseQueryString(link.Query).AllKeys.Order());

    [Fact]
    public async Task EveryPageReachableByLinks_HasNoSeriousAxeFinding_AndNoSidewaysScrollAt360()
    {
        await SeedAsync();
        await using var tab = await SignedInAsync(DashboardRole.Owner);
        var page = tab.Page;
        var origin = new Uri(page.Url);
        var queue = new Queue<string>([page.Url]);
        var seen = new HashSet<string>([page.Url]);
        var kinds = new HashSet<string>([KindOf(new Uri(page.Url))]);
        var findings = new List<string>();
        var visited = 0;
        while (queue.TryDequeue(out var url))
        {
            Assert.True(++visited <= MaxPages, $"More than {MaxPages} dashboard pages were linked; the crawl stopped at {url}.");
            var response = await page.GotoAsync(url);
            Assert.True(response is { Ok: true }, $"{url} answered {response?.Status}.");

            var axe = await page.RunAxe();
            findings.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{new Uri(url).PathAndQuery}: {v.Impact} {v.Id} — {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}"));

            await page.SetViewportSizeAsync(360, 800);
            // When the page scrolls, name what sticks out (not what scrolls inside its own box) to say where to look.
            var tooWide = await page.EvaluateAsync<string[]?>("""
                () => document.documentElement.scrollWidth <= document.documentElement.clientWidth ? null :
                  [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
                    && ![...document.querySelectorAll("*")].some(a => a !== e && a.contains(e) && getComputedStyle(a).overflowX !== "visible"))
                    .slice(-3).map(e => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}"`)
                """);
            if (tooWide is not null) findings.Add($"{new Uri(url).PathAndQuery}: scrolls sideways at 360 px, past the edge: {string.Join("; ", tooWide)}");
            await page.SetViewportSizeAsync(800, 900);

            foreach (var href in await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"))
            {
                var link = new Uri(href.Split('#')[0]);
                if (Crawlable(link, origin) && kinds.Add(KindOf(link)) && seen.Add(link.ToString())) queue.Enqueue(link.ToString());
            }
        }

        Assert.True(findings.Count == 0, string.Join("\n", findings));
        Assert.Empty(tab.Errors);
        // Each kind of page must have been reached, or the crawl proves little.
        foreach (var path in new[] { "/dashboard/live", "/dashboard/test/payments/", "/dashboard/test/products/", "/dashboard/test/coupons",
                     "/dashboard/test/shipping-rates", "/dashboard/test/payment-links", "/dashboard/test/customers/", "/dashboard/test/subscriptions/", "/dashboard/test/developers/keys",
                     "/dashboard/test/developers/webhooks/", "/dashboard/test/developers/events/", "/dashboard/test/developers/logs",
                     "/dashboard/test/developers/test-data", "/dashboard/test/settings", "/dashboard/test/settings/team" })
            Assert.Contains(seen, url => new Uri(url).AbsolutePath.StartsWith(path));
    }

    [Fact]
    public async Task TheSignInPage_HasNoSeriousAxeFinding()
    {
        await using var tab = await OpenTabAsync();
        await tab.Page.GotoAsync(Url("/dashboard/sign-in"));
        var axe = await tab.Page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }

    [Fact]
    public async Task SignInAndOpenAPayment_WithTheKeyboardAlone_AndFocusIsAlwaysVisible()
    {
        var paid = await Paid.SessionAsync(Merchant, 2500);
        await using var tab = await OpenTabAsync();
        var page = tab.Page;
        await page.GotoAsync(Url("/dashboard/sign-in"));

        await TabToAsync(page, "Email");
        await page.Keyboard.TypeAsync(EmailOf(DashboardRole.Owner));
        await TabToAsync(page, "Password");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/dashboard/test");

        await TabToAsync(page, "Skip to content");
        await TabToAsync(page, "Payments");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/dashboard/test/payments");

        await TabToAsync(page, "$25.00");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/dashboard/test/payments/{paid.SessionId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("$25.00");
    }

    /// <summary>Presses Tab until the focused element's accessible text contains <paramref name="name"/>, checking on the
    /// way that every focused element shows a focus outline.</summary>
    static async Task TabToAsync(IPage page, string name)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement; const s = getComputedStyle(e);
                  const label = e.labels?.[0]?.textContent ?? e.getAttribute("aria-label") ?? e.textContent ?? "";
                  return [label.trim(), s.outlineStyle, s.outlineWidth, e.tagName]; }
                """);
            if (focused[3] == "BODY") break; // past the last control
            Assert.True(focused[1] != "none" && focused[2] != "0px", $"{focused[3]} \"{focused[0]}\" has focus but no visible outline.");
            if (focused[0].Contains(name)) return;
        }
        Assert.Fail($"Tab never reached \"{name}\".");
    }
}

public sealed class DashboardAccessibilityTestsOnSqlite(BrowserFixture browser) : DashboardAccessibilityTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardAccessibilityTestsOnPostgres(BrowserFixture browser) : DashboardAccessibilityTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
