using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Tests.Features.Webhooks;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Dashboard;

/// <summary>Developers → Webhooks and Events in Chromium, against real local receivers: an endpoint added on the page gets a
/// failed delivery, shown in its log, and a redelivery signed with the secret shown at creation; redelivering the failed
/// deliveries of a time range; a rotated secret signing the next delivery; a test event sent to one endpoint only; the events
/// list and an event's payload and deliveries; the API's refusals on the page (400, nothing added); a viewer's forged POSTs (403).</summary>
public abstract class DashboardWebhooksTests(BrowserFixture browser, DatabaseProvider provider)
    : DashboardBrowserTest(browser, provider, WebhookKit.ClockJumpSettings)
{
    const string Completed = "checkout.session.completed";

    async Task<BrowserTab> WebhooksPageAsync(string role, string mode = "test")
    {
        var tab = await SignedInAsync(role);
        await tab.Page.GotoAsync(Url($"/dashboard/{mode}/developers/webhooks"));
        return tab;
    }

    /// <summary>Adds an endpoint on the page, subscribed to <paramref name="type"/> only; lands on its page. Its id and the
    /// signing secret the page shows once.</summary>
    static async Task<(string Id, string Secret)> AddEndpointAsync(BrowserTab tab, string url, string type = Completed)
    {
        var page = tab.Page;
        await page.GetByLabel("URL").FillAsync(url);
        await page.GetByLabel("All events").UncheckAsync();
        await page.GetByLabel(type, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await page.WaitForURLAsync("**/developers/webhooks/fwh_*");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Endpoint added");
        var secret = await page.GetByLabel("New signing secret").InputValueAsync();
        Assert.StartsWith("fwhsec_", secret);
        return (page.Url[(page.Url.LastIndexOf('/') + 1)..], secret);
    }

    async Task<WebhookEndpoint> EndpointInDatabaseAsync(string id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    static ILocator LogRows(IPage page) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Delivery log" }).Locator("tbody tr");

    [Fact]
    public async Task AnEndpointAdded_ShowsItsFailedDelivery_AndTheRedeliveryIsSignedWithTheSecretShownAtCreation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var calls = 0;
        receiver.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1 ? new Reply(500, "not yet") : Reply.Ok);
        await using var tab = await WebhooksPageAsync(DashboardRole.Developer);
        var (id, secret) = await AddEndpointAsync(tab, receiver.Url());
        await ScreenshotAsync(tab, "webhook-detail-new");

        // Shown once: a reload shows it masked.
        await tab.Page.ReloadAsync();
        Assert.Equal(0, await tab.Page.GetByLabel("New signing secret").CountAsync());
        Assert.DoesNotContain(secret, await tab.Page.ContentAsync());
        await Assertions.Expect(tab.Page.Locator("dd", new() { HasText = "fwhsec_" })).ToContainTextAsync(secret[^4..]);

        await Merchant.CreatePaidSessionAsync();
        await App.DeliverDueAsync();
        var first = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal(Completed, first.Json.GetProperty("event_type").GetString());

        await tab.Page.ReloadAsync();
        var row = LogRows(tab.Page);
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(first.Id);
        await Assertions.Expect(row).ToContainTextAsync("failed");
        await Assertions.Expect(row).ToContainTextAsync("HTTP 500");
        await Assertions.Expect(row).ToContainTextAsync(" ms");
        // A loopback receiver's answer is never shown (nor kept).
        Assert.DoesNotContain("not yet", await tab.Page.ContentAsync());

        // The log lists attempts by time (ids made in one millisecond have no order); a second, before the automatic retry is due (5 s).
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await row.GetByRole(AriaRole.Button, new() { Name = $"Redeliver {first.Id}" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Event {first.Id} queued for redelivery.");
        await App.DeliverDueAsync();
        var again = (await receiver.WaitForAsync(2))[1];
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Body, again.Body);
        Assert.True(again.VerifiesWith(secret, App.Now()));

        await tab.Page.ReloadAsync();
        await Assertions.Expect(LogRows(tab.Page)).ToHaveCountAsync(2);
        await Assertions.Expect(LogRows(tab.Page).First).ToContainTextAsync("delivered");
        await Assertions.Expect(LogRows(tab.Page).First).ToContainTextAsync("HTTP 200");
        var attempts = await Merchant.DeliveriesAsync(id);
        Assert.Equal([true, false], attempts.Select(a => a.GetProperty("succeeded").GetBoolean()));
        await ScreenshotAsync(tab, "webhook-detail");

        await tab.Page.GotoAsync(Url("/dashboard/test/developers/webhooks"));
        await Assertions.Expect(tab.Page.Locator("tbody tr")).ToContainTextAsync(receiver.Url());
        await ScreenshotAsync(tab, "webhooks");
        await tab.Page.SetViewportSizeAsync(360, 800);
        foreach (var path in (string[])["/dashboard/test/developers/webhooks", $"/dashboard/test/developers/webhooks/{id}",
            "/dashboard/test/developers/events", $"/dashboard/test/developers/events/{first.Id}"])
        {
            await tab.Page.GotoAsync(Url(path));
            // The elements sticking out, if any, name themselves in the failure.
            var wide = await tab.Page.EvaluateAsync<string>("""
                () => document.documentElement.scrollWidth <= document.documentElement.clientWidth ? "" :
                    [...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
                        && !e.closest(".table-wrap")).map(e => e.tagName + "." + e.className).join(", ")
                """);
            Assert.True(wide == "", $"{path} scrolls horizontally at 360 px: {wide}");
        }
        Assert.Empty(tab.Errors); // no CSP violation, no failed request
    }

    [Fact]
    public async Task RedeliverFailedInARange_QueuesTheFailedDeliveriesOfThatRangeOnly_AndSaysHowMany()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var failing = true;
        receiver.Respond = (_, _) => Task.FromResult(Volatile.Read(ref failing) ? new Reply(503) : Reply.Ok);
        var webhookId = (await Merchant.CreateWebhookAsync(receiver.Url(), [Completed])).Str("webhook_id");
        await Merchant.CreatePaidSessionAsync();
        await Merchant.CreatePaidSessionAsync();
        await App.DeliverDueAsync();
        Volatile.Write(ref failing, false);
        await Merchant.CreatePaidSessionAsync(); // delivered at once: not failed
        await App.DeliverDueAsync();
        Assert.Equal(3, (await receiver.WaitForAsync(3)).Count);

        await using var tab = await WebhooksPageAsync(DashboardRole.Developer);
        await tab.Page.GotoAsync(Url($"/dashboard/test/developers/webhooks/{webhookId}"));
        var form = tab.Page.GetByRole(AriaRole.Region, new() { Name = "Redeliver failed deliveries" });
        // A range before the deliveries: nothing.
        await form.GetByLabel("From (UTC)").FillAsync($"{TestApp.Start.AddDays(-2):yyyy-MM-dd'T'HH:mm}");
        await form.GetByLabel("To (UTC)").FillAsync($"{TestApp.Start.AddMinutes(-1):yyyy-MM-dd'T'HH:mm}");
        await form.GetByRole(AriaRole.Button, new() { Name = "Redeliver failed" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("No failed deliveries in that range: nothing was queued.");
        await App.DeliverDueAsync();
        Assert.Equal(3, receiver.Received.Count);

        await form.GetByLabel("From (UTC)").FillAsync($"{TestApp.Start.AddMinutes(-1):yyyy-MM-dd'T'HH:mm}");
        await form.GetByLabel("To (UTC)").FillAsync($"{TestApp.Start:yyyy-MM-dd'T'HH:mm}");
        await form.GetByRole(AriaRole.Button, new() { Name = "Redeliver failed" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Queued 2 failed deliveries for redelivery.");
        await App.DeliverDueAsync();
        var received = await receiver.WaitForAsync(5);
        Assert.Equal(received.Take(2).Select(r => r.Id).Order(), received.Skip(3).Select(r => r.Id).Order());
        var attempts = await Merchant.DeliveriesAsync(webhookId);
        Assert.Equal(5, attempts.Count);
        Assert.Equal(3, attempts.Count(a => a.GetProperty("succeeded").GetBoolean()));

        // Now none is failed: nothing more to queue.
        await form.GetByRole(AriaRole.Button, new() { Name = "Redeliver failed" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("No failed deliveries in that range: nothing was queued.");

        // From after To: refused, nothing queued.
        await form.GetByLabel("From (UTC)").FillAsync($"{TestApp.Start.AddDays(1):yyyy-MM-dd'T'HH:mm}");
        var refused = await tab.Page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Redeliver failed" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("From must not be after To.");
    }

    [Fact]
    public async Task RotatingTheSecret_ShowsTheNewOneOnce_AndItSignsTheNextDelivery_WithTheOldOneForTheOverlap()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var tab = await WebhooksPageAsync(DashboardRole.Admin);
        var (id, oldSecret) = await AddEndpointAsync(tab, receiver.Url());

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync(
            $"Secret rotated. Copy the new one now: it is not shown again. The old secret also signs until {TestApp.Start.AddHours(24):yyyy-MM-dd HH:mm} UTC.");
        var newSecret = await tab.Page.GetByLabel("New signing secret").InputValueAsync();
        Assert.StartsWith("fwhsec_", newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(newSecret, (await EndpointInDatabaseAsync(id)).Secret);
        await tab.Page.ReloadAsync();
        Assert.DoesNotContain(newSecret, await tab.Page.ContentAsync());

        await Merchant.CreatePaidSessionAsync();
        await App.DeliverDueAsync();
        var delivered = Assert.Single(await receiver.WaitForAsync(1));
        Assert.True(delivered.VerifiesWith(newSecret, App.Now()));
        Assert.True(delivered.VerifiesWith(oldSecret, App.Now())); // the overlap, as the API's rotate_secret

        App.Clock.Advance(TimeSpan.FromHours(25));
        await Merchant.CreatePaidSessionAsync();
        await App.DeliverDueAsync();
        var later = (await receiver.WaitForAsync(2))[1];
        Assert.True(later.VerifiesWith(newSecret, App.Now()));
        Assert.False(later.VerifiesWith(oldSecret, App.Now()));
    }

    [Fact]
    public async Task SendTestEvent_DeliversAWebhookTestEventToThatEndpointOnly_ShownInItsLogAndInEvents()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        await Merchant.CreateWebhookAsync(other.Url(), ["*"]);
        await using var tab = await WebhooksPageAsync(DashboardRole.Developer);
        var (id, secret) = await AddEndpointAsync(tab, receiver.Url());

        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();

        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("(webhook.test) queued");
        await App.DeliverDueAsync();
        var test = Assert.Single(await receiver.WaitForAsync(1));
        Assert.True(test.VerifiesWith(secret, App.Now()));
        Assert.Equal("webhook.test", test.Json.GetProperty("event_type").GetString());
        Assert.Equal(id, test.Json.GetProperty("object").GetProperty("webhook").GetProperty("webhook_id").GetString());
        Assert.False(test.Json.GetProperty("object").GetProperty("webhook").TryGetProperty("signing_secret", out var leaked)
            && leaked.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Empty(other.Received); // subscribed to everything, but the test was sent to one endpoint

        await tab.Page.ReloadAsync();
        await Assertions.Expect(LogRows(tab.Page)).ToHaveCountAsync(1);
        await Assertions.Expect(LogRows(tab.Page)).ToContainTextAsync("webhook.test");
        await Assertions.Expect(LogRows(tab.Page)).ToContainTextAsync("delivered");

        // Listed as an event, by the API too; its retry goes where it went, not to every endpoint.
        Assert.Equal(test.Id, (await Merchant.ListEventsAsync("type=webhook.test")).Single().Str("event_id"));
        using var api = Merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/events/{test.Id}/retry", Json.Body("{}"))).StatusCode);
        await App.DeliverDueAsync();
        Assert.Equal(2, (await receiver.WaitForAsync(2)).Count);
        Assert.Empty(other.Received);
    }

    [Fact]
    public async Task Events_NewestFirst_FilteredByType_PagedByCursor_WithPayloadAndDeliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhookId = (await Merchant.CreateWebhookAsync(receiver.Url(), [Completed])).Str("webhook_id");
        for (var i = 0; i < 7; i++) await Merchant.CreatePaidSessionAsync(); // 5 + 6 × 4 = 29 events
        await App.DeliverDueAsync();
        await receiver.WaitForAsync(7);
        var events = await Merchant.ListEventsAsync();
        Assert.Equal(29, events.Count);

        await using var tab = await SignedInAsync(DashboardRole.Viewer);
        await tab.Page.GotoAsync(Url("/dashboard/test/developers/webhooks"));
        await tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Developers" }).GetByRole(AriaRole.Link, new() { Name = "Events" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/dashboard/test/developers/events");
        var rows = tab.Page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        Assert.Equal(events.Take(25).Select(e => e.Str("event_id")), await rows.Locator("code").AllTextContentsAsync());
        await ScreenshotAsync(tab, "events");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(events.Skip(25).Select(e => e.Str("event_id")), await rows.Locator("code").AllTextContentsAsync());

        await tab.Page.GotoAsync(Url("/dashboard/test/developers/events"));
        await tab.Page.GetByLabel("Type").SelectOptionAsync(Completed);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(7);
        Assert.All(await rows.Locator("a").AllTextContentsAsync(), t => Assert.Equal(Completed, t));

        var newest = events.First(e => e.Str("event_type") == Completed);
        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await tab.Page.WaitForURLAsync($"**/developers/events/{newest.Str("event_id")}");
        var payload = await tab.Page.GetByLabel("Event payload").TextContentAsync();
        Assert.Contains($"\"event_type\": \"{Completed}\"", payload);
        Assert.Contains("\n  \"object\": {", payload); // indented
        Assert.Equal(newest.GetRawText().Replace(" ", ""), System.Text.Json.JsonDocument.Parse(payload!).RootElement.GetRawText().Replace(" ", "")
            .Replace("\n", "").Replace("\r", ""));
        var deliveries = tab.Page.GetByRole(AriaRole.Region, new() { Name = "Deliveries" });
        await Assertions.Expect(deliveries).ToContainTextAsync(receiver.Url());
        await Assertions.Expect(deliveries).ToContainTextAsync("succeeded");
        await Assertions.Expect(deliveries.Locator("tbody tr")).ToContainTextAsync("HTTP 200");
        await Assertions.Expect(deliveries.GetByRole(AriaRole.Link, new() { Name = receiver.Url() }))
            .ToHaveAttributeAsync("href", $"/dashboard/test/developers/webhooks/{webhookId}");
        await ScreenshotAsync(tab, "event-detail");

        // An unknown type is refused, as the API refuses it, rather than read as "none happened".
        var refused = await tab.Page.GotoAsync(Url("/dashboard/test/developers/events?type=checkout.session.complete"));
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Unknown event type 'checkout.session.complete'.");
        // The other mode's events are not these.
        await tab.Page.GotoAsync(Url($"/dashboard/live/developers/events/{newest.Str("event_id")}"));
        Assert.Contains("No such event", await tab.Page.ContentAsync());
    }

    [Fact]
    public async Task RefusedInput_ShowsTheApisReason_IsAnswered400_AndAddsNothing()
    {
        await using var tab = await WebhooksPageAsync(DashboardRole.Owner, mode: "live");
        await tab.Page.GetByLabel("URL").FillAsync("http://127.0.0.1:9/hooks");
        var refused = await tab.Page.RunAndWaitForResponseAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Live-mode webhooks cannot target loopback, private or link-local addresses. Use a test-mode key for local development.");
        Assert.Equal("http://127.0.0.1:9/hooks", await tab.Page.GetByLabel("URL").InputValueAsync());
        using var live = Merchant.Api(live: true);
        Assert.Empty(await live.ListAsync("/v1/webhooks", "webhooks"));

        await tab.Page.GotoAsync(Url("/dashboard/test/developers/webhooks"));
        await tab.Page.GetByLabel("URL").FillAsync("https://example.com/hooks");
        await tab.Page.GetByLabel("All events").UncheckAsync();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose the events to send: all events, or at least one type.");
        var unknown = await ForgedPostAsync(tab, "/dashboard/test/developers/webhooks?handler=create",
            new() { ["url"] = "https://example.com/hooks", ["events"] = "checkout.session.complete" });
        Assert.Equal(400, unknown.Status);
        Assert.Contains("Unknown event type &#x27;checkout.session.complete&#x27;.", await unknown.TextAsync());
        using var api = Merchant.Api();
        Assert.Empty(await api.ListAsync("/v1/webhooks", "webhooks"));
        Assert.All(tab.Errors, e => Assert.Contains("status of 400", e));
    }

    [Fact]
    public async Task EditingTheFilterAndDisabling_AreTheApisChanges()
    {
        await using var tab = await WebhooksPageAsync(DashboardRole.Developer);
        var (id, _) = await AddEndpointAsync(tab, "https://example.com/hooks");
        var edit = tab.Page.GetByRole(AriaRole.Region, new() { Name = "Edit endpoint" });
        await edit.GetByLabel("refund.created", new() { Exact = true }).CheckAsync();
        await edit.GetByLabel("Status").SelectOptionAsync("disabled");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");

        var webhook = await Merchant.GetWebhookAsync(id);
        Assert.Equal([Completed, "refund.created"], webhook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("disabled", webhook.Str("status"));
        // A disabled endpoint is sent nothing, so no test event either.
        var refused = await tab.Page.RunAndWaitForResponseAsync(
            () => tab.Page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Enable the endpoint first: a disabled endpoint is sent nothing.");
    }

    [Fact]
    public async Task AViewer_SeesNoForms_AndForgedPostsAreRefused_ChangingNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await Merchant.CreateWebhookAsync(receiver.Url(), [Completed]);
        var id = webhook.Str("webhook_id");
        await using var tab = await WebhooksPageAsync(DashboardRole.Viewer);
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).CountAsync());
        await tab.Page.GotoAsync(Url($"/dashboard/test/developers/webhooks/{id}"));
        Assert.Equal(0, await tab.Page.Locator("main form[method=post]").CountAsync());
        await Assertions.Expect(tab.Page.GetByText("Your role may not change webhooks.")).ToBeVisibleAsync();

        foreach (var (handler, form) in new (string, Dictionary<string, string>)[]
        {
            ("rotate", []), ("test", []), ("edit", new() { ["events"] = "*", ["status"] = "disabled" }),
            ("redeliverfailed", new() { ["from"] = "2026-03-01T00:00", ["to"] = "2026-03-03T00:00" }),
        })
            Assert.Equal(403, (await ForgedPostAsync(tab, $"/dashboard/test/developers/webhooks/{id}?handler={handler}", form)).Status);
        Assert.Equal(403, (await ForgedPostAsync(tab, "/dashboard/test/developers/webhooks?handler=create",
            new() { ["url"] = receiver.Url(), ["events"] = "*" })).Status);

        var endpoint = await EndpointInDatabaseAsync(id);
        Assert.Equal(webhook.Str("signing_secret"), endpoint.Secret);
        Assert.Null(endpoint.PreviousSecret);
        Assert.Equal([Completed], endpoint.Events);
        Assert.Equal("enabled", endpoint.Status);
        using var api = Merchant.Api();
        Assert.Single(await api.ListAsync("/v1/webhooks", "webhooks"));
        await App.DeliverDueAsync();
        Assert.Empty(receiver.Received); // no test event was sent
    }
}

public sealed class DashboardWebhooksTestsOnSqlite(BrowserFixture browser) : DashboardWebhooksTests(browser, DatabaseProvider.Sqlite), IClassFixture<BrowserFixture>;

public sealed class DashboardWebhooksTestsOnPostgres(BrowserFixture browser) : DashboardWebhooksTests(browser, DatabaseProvider.Postgres), IClassFixture<BrowserFixture>;
