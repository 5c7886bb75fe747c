using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OpenCheckout.Server.Features.Processors;
using OpenCheckout.Server.Tests.Hosting;
using OpenCheckout.Server.Tests.Pages;
using OpenCheckout.Server.Tests.Processors.FakeStripe;
using Stripe;
using static Microsoft.Playwright.Assertions;

namespace OpenCheckout.Server.Tests.Processors;

/// <summary>Live payments through Stripe, against the local fake of Stripe: the hosted page in Chromium with the stand-in
/// Stripe.js (the card number never reaches OpenCheckout), 3-D Secure, declines, answers lost on the way back, and the
/// server killed between Stripe's charge and OpenCheckout's commit — each session charged once, its outcome committed once.</summary>
public abstract class LivePaymentTests(BrowserFixture browser, DatabaseProvider provider) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(1);
    FakeStripe.FakeStripe _fake = null!;
    TestApp _app = null!;
    TestMerchant _merchant = null!;
    MerchantSite _shop = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeStripe.FakeStripe.StartAsync();
        // On real time: the node started as its own process in the kill test reads the real clock.
        _app = new TestApp(provider, new FakeTimeProvider(DateTimeOffset.UtcNow), new Dictionary<string, string?>
        {
            ["OpenCheckout:Processors:Stripe:ApiBase"] = _fake.ApiBase,
            ["OpenCheckout:Processors:Stripe:JsUrl"] = _fake.JsUrl,
            ["OpenCheckout:Processors:Stripe:Timeout"] = "00:00:02",
            ["OpenCheckout:Processors:ReconcileAfter"] = ReconcileAfter.ToString(),
            ["OpenCheckout:Processors:SweepInterval"] = "00:00:00.500",
        });
        _merchant = await _app.CreateMerchantAsync("Acme Shop", liveProcessor: false);
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcessorSettings>().SetStripeAsync(_merchant.AccountId,
            new(_fake.SecretKey, _fake.PublishableKey, _fake.WebhookSecret), CancellationToken.None);
        _shop = await MerchantSite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _app.DisposeAsync();
        Assert.Empty(_fake.UnvalidatedRequests);
        await _fake.DisposeAsync();
    }

    async Task<string> CreateLiveSessionAsync(long amount = 2500, string captureMethod = "automatic")
    {
        var price = await _merchant.CreatePriceAsync(amount, live: true);
        using var live = _merchant.Api(live: true);
        var created = await live.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"{{_shop.SuccessUrl}}","cancel_url":"{{_shop.CancelUrl}}","capture_method":"{{captureMethod}}",
             "line_items":[{"price_id":"{{price}}","quantity":1}],"mode":"payment"}
            """));
        created.EnsureSuccessStatusCode();
        return (await created.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("id").GetString()!;
    }

    Task<JsonElement> SessionAsync(string id) => _merchant.GetSessionAsync(id, live: true);

    /// <summary>A payment method as Stripe.js makes one on the page: with the publishable key, from the card typed in Stripe's frame.</summary>
    async Task<string> PaymentMethodAsync(string number) =>
        (await new PaymentMethodService(new StripeClient(apiKey: _fake.PublishableKey, apiBase: _fake.ApiBase)).CreateAsync(new()
        {
            Type = "card",
            Card = new PaymentMethodCardOptions { Number = number, ExpMonth = 12, ExpYear = 2034, Cvc = "123" },
        })).Id;

    static Dictionary<string, string?> LiveForm(string paymentMethod) => new()
    {
        ["card_number"] = null, ["expiry"] = null, ["cvc"] = null, ["payment_method"] = paymentMethod,
    };

    int Charged(string sessionId) => _fake.ChargedCount("opencheckout_session", sessionId);

    [Fact]
    public async Task TheCardTypedInStripesFields_PaysTheSession_AndItsNumberNeverReachesOpenCheckout()
    {
        var id = await CreateLiveSessionAsync();
        await using var tab = await browser.OpenTabAsync();
        var toUs = new List<string>();
        tab.Page.Context.Request += (_, request) =>
        {
            if (request.Url.StartsWith(_app.BaseAddress!.ToString(), StringComparison.Ordinal)) lock (toUs) toUs.Add(request.Url + " " + request.PostData);
        };

        var response = await tab.Page.GotoAsync(_app.BaseAddress + $"pay/c/{id}");
        await FillAsync(tab.Page, "4242 4242 4242 4242");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Pay $25.00" }).ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/success\\?session_id=" + id));
        var session = await SessionAsync(id);
        Assert.Equal(("complete", "paid"), (session.GetProperty("status").GetString(), session.GetProperty("payment_status").GetString()));
        Assert.Equal(1, Charged(id));
        Assert.DoesNotContain(toUs, r => r.Contains("4242424242424242") || r.Contains("4242 4242") || r.Contains("4242+4242") || r.Contains("cvc"));
        Assert.Contains(toUs, r => r.Contains("payment_method=pm_"));
        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        Assert.Contains($"script-src 'self' {_fake.ApiBase};", csp);
        Assert.Contains($"frame-src {_fake.ApiBase};", csp);
        Assert.Empty(tab.Errors);
        Assert.Empty(tab.OffMachineRequests());
        // The payment intent shows the card as Stripe described it.
        using var live = _merchant.Api(live: true);
        var intent = (await (await live.GetAsync($"/v1/payment_intents/{session.GetProperty("payment_intent").GetString()}")).ReadJsonAsync())
            .GetProperty("payment_intent");
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.Contains("4242", intent.GetRawText());
    }

    [Theory]
    [InlineData("Complete authentication", true)]
    [InlineData("Fail authentication", false)]
    public async Task ThreeDSecure_RunsStripesStepOnThePage_ThenTheOutcomeIsCommitted(string button, bool completes)
    {
        var id = await CreateLiveSessionAsync();
        await using var tab = await browser.OpenTabAsync();

        await tab.Page.GotoAsync(_app.BaseAddress + $"pay/c/{id}");
        await FillAsync(tab.Page, "4000 0027 6000 3184");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Pay $25.00" }).ClickAsync();
        await tab.Page.FrameLocator("iframe[title='3D Secure authentication']").GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();

        if (completes)
        {
            await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/success\\?session_id=" + id));
            Assert.Equal("complete", (await SessionAsync(id)).GetProperty("status").GetString());
            Assert.Equal(1, Charged(id));
        }
        else
        {
            await Expect(tab.Page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("authenticate");
            Assert.Equal("open", (await SessionAsync(id)).GetProperty("status").GetString());
            Assert.Equal(0, Charged(id));
            // The buyer may pay again, with another card.
            await FillAsync(tab.Page, "4242 4242 4242 4242");
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Pay $25.00" }).ClickAsync();
            await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/success\\?session_id=" + id));
            Assert.Equal(1, Charged(id));
        }
        Assert.Empty(tab.Errors);
    }

    static async Task FillAsync(IPage page, string number)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("jo@example.com");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Jo Doe");
        var card = page.FrameLocator("iframe[title='Secure payment input frame']");
        await card.GetByLabel("Card number").FillAsync(number);
        await card.GetByLabel("Expiration date").FillAsync("12 / 34");
        await card.GetByLabel("Security code").FillAsync("123");
    }

    [Fact]
    public async Task ADecline_IsShownWithStripesMessage_AndTheSessionStaysOpenForAnotherCard()
    {
        var id = await CreateLiveSessionAsync();
        using var page = new HostedPageClient(_app.BaseAddress!);

        var declined = await page.SubmitFieldsAsync(id, LiveForm(await PaymentMethodAsync("4000000000000002")));

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("Your card was declined.", await declined.Content.ReadAsStringAsync());
        Assert.Equal("open", (await SessionAsync(id)).GetProperty("status").GetString());
        var paid = await page.SubmitFieldsAsync(id, LiveForm(await PaymentMethodAsync("4242424242424242")));
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal(1, Charged(id));
        // Two attempts, two keys: OpenCheckout's payment intent id and the attempt's number.
        var intent = (await SessionAsync(id)).GetProperty("payment_intent").GetString();
        Assert.Equal([$"{intent}-1", $"{intent}-2"], _fake.Requests.Where(r => r.Path == "/v1/payment_intents").Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task ACardPostedWithoutStripe_OrAForgedPaymentMethod_IsRefused_AndNothingIsCharged()
    {
        var id = await CreateLiveSessionAsync();
        using var page = new HostedPageClient(_app.BaseAddress!);

        var typed = await page.PayAsync(id);
        var forged = await page.SubmitFieldsAsync(id, LiveForm("pm_<script>"));
        var unknown = await page.SubmitFieldsAsync(id, LiveForm("pm_doesnotexist"));

        Assert.Contains("are not taken by this page in live mode", await typed.Content.ReadAsStringAsync());
        Assert.Contains("could not be read", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("Nothing was charged", await unknown.Content.ReadAsStringAsync());
        Assert.Equal("open", (await SessionAsync(id)).GetProperty("status").GetString());
        Assert.Equal(0, Charged(id));
    }

    [Fact]
    public async Task StripesAnswerLost_StripeNetAsksAgainWithTheSameKey_AndTheOneChargeIsCommitted()
    {
        var id = await CreateLiveSessionAsync();
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenDrop);
        using var page = new HostedPageClient(_app.BaseAddress!);

        var paid = await page.SubmitFieldsAsync(id, LiveForm(await PaymentMethodAsync("4242424242424242")));

        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal(1, Charged(id));
        var calls = _fake.Requests.Where(r => r.Path == "/v1/payment_intents").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Single(calls.Select(c => c.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task StripeUnreachable_ThePageSaysConfirming_AndTheWorkerCommitsTheOutcomeLater_Once()
    {
        var id = await CreateLiveSessionAsync();
        _fake.FaultHold = TimeSpan.FromSeconds(5);
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.Timeout);
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.Timeout);
        using var page = new HostedPageClient(_app.BaseAddress!);
        var token = HostedPageClient.TokenOf(await (await page.GetAsync(id)).Content.ReadAsStringAsync());

        var waiting = await page.SubmitWithTokenAsync(id, token, LiveForm(await PaymentMethodAsync("4242424242424242")));
        // A second tab, or the back button: the attempt under way is not doubled.
        var again = await page.SubmitWithTokenAsync(id, token, LiveForm(await PaymentMethodAsync("4242424242424242")));
        var reloaded = await (await page.GetAsync(id)).Content.ReadAsStringAsync();

        Assert.Contains("being confirmed", await waiting.Content.ReadAsStringAsync());
        Assert.Contains("being confirmed", await again.Content.ReadAsStringAsync());
        Assert.Contains("http-equiv=\"refresh\"", reloaded);
        Assert.DoesNotContain("name=\"payment_method\"", reloaded);
        // Stripe.net's own retry of the timed-out call kept its key; the second submit made no call.
        Assert.All(_fake.Requests.Where(r => r.Path == "/v1/payment_intents"), r => Assert.EndsWith("-1", r.IdempotencyKey));
        Assert.Equal("open", (await SessionAsync(id)).GetProperty("status").GetString());
        Assert.Equal(0, Charged(id));

        _app.Clock.Advance(ReconcileAfter);
        await WaitForAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "complete");
        Assert.Equal(1, Charged(id));
        Assert.Contains("has been paid", await (await page.GetAsync(id)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServerKilledBetweenStripesChargeAndItsCommit_IsChargedOnce_AndAnotherNodeCommitsIt()
    {
        var id = await CreateLiveSessionAsync();
        var directory = Directory.CreateTempSubdirectory("opencheckout-kill-").FullName;
        var environment = _app.Database.Settings().ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        environment["OpenCheckout__Processors__Stripe__ApiBase"] = _fake.ApiBase;
        environment["OpenCheckout__Processors__Stripe__Timeout"] = "00:01:00";
        environment["Logging__LogLevel__Default"] = "Warning";
        await using var node = await ServerProcess.StartAsync(directory, environment);
        _fake.FaultHold = TimeSpan.FromSeconds(60);
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenHold);
        using var page = new HostedPageClient(node.BaseAddress);

        var paying = page.SubmitFieldsAsync(id, LiveForm(await PaymentMethodAsync("4242424242424242")));
        await WaitForAsync(() => Task.FromResult(Charged(id) == 1 || paying.IsCompleted), () => node.Output);
        if (paying.IsCompleted)
        {
            var answered = await paying;
            Assert.Fail($"The node answered before the kill: {answered.StatusCode} {await answered.Content.ReadAsStringAsync()}\n{node.Output}");
        }
        await node.KillAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => paying);

        Assert.Equal("open", (await SessionAsync(id)).GetProperty("status").GetString());
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await WaitForAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "complete");
        Assert.Equal(1, Charged(id));
        Assert.Single(_fake.PaymentIntents, i => i.Metadata.GetValueOrDefault("opencheckout_session") == id);
        using var live = _merchant.Api(live: true);
        var events = await live.ListAsync("/v1/events?type=checkout.session.completed", "events");
        Assert.Single(events, e => e.GetRawText().Contains(id));
        Directory.Delete(directory, recursive: true);
    }

    async Task<string> PayAsync(string id)
    {
        using var page = new HostedPageClient(_app.BaseAddress!);
        var paid = await page.SubmitFieldsAsync(id, LiveForm(await PaymentMethodAsync("4242424242424242")));
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        return (await SessionAsync(id)).GetProperty("payment_intent").GetString()!;
    }

    FakePaymentIntent AtStripe(string sessionId) =>
        Assert.Single(_fake.PaymentIntents, i => i.Metadata.GetValueOrDefault("opencheckout_session") == sessionId);

    [Fact]
    public async Task ManualCapture_TheAuthorizationIsCapturedAtStripe_OnceHoweverOftenTheMerchantRetries()
    {
        var id = await CreateLiveSessionAsync(captureMethod: "manual");
        var intent = await PayAsync(id);
        Assert.Equal("requires_capture", AtStripe(id).Status);
        using var live = _merchant.Api(live: true);

        _fake.FailNext("POST", "/v1/payment_intents/", StripeFault.Timeout);
        _fake.FailNext("POST", "/v1/payment_intents/", StripeFault.Timeout);
        _fake.FaultHold = TimeSpan.FromSeconds(5);
        var unanswered = await live.PostAsync($"/v1/checkout/sessions/{id}/capture", Json.Body("{}"));
        await ApiAssert.ErrorAsync(unanswered, HttpStatusCode.ServiceUnavailable, "api_error", "processor_unavailable");
        Assert.Equal("unpaid", (await SessionAsync(id)).GetProperty("payment_status").GetString());

        var captured = await live.PostAsync($"/v1/checkout/sessions/{id}/capture", Json.Body("{}"));
        var again = await live.PostAsync($"/v1/checkout/sessions/{id}/capture", Json.Body("{}"));

        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        Assert.Equal("paid", (await SessionAsync(id)).GetProperty("payment_status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(("succeeded", 2500L), (AtStripe(id).Status, AtStripe(id).AmountReceived));
        Assert.All(_fake.Requests.Where(r => r.Path.EndsWith("/capture")), r => Assert.Equal($"{intent}-capture", r.IdempotencyKey));
    }

    [Fact]
    public async Task ManualCapture_ReleasingTheAuthorization_CancelsItAtStripe()
    {
        var id = await CreateLiveSessionAsync(captureMethod: "manual");
        await PayAsync(id);
        using var live = _merchant.Api(live: true);

        var released = await live.PostAsync($"/v1/checkout/sessions/{id}/cancel", Json.Body("{}"));

        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal("canceled", AtStripe(id).Status);
        var capture = await live.PostAsync($"/v1/checkout/sessions/{id}/capture", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.Conflict, capture.StatusCode);
        Assert.Equal(0, Charged(id));
    }

    [Fact]
    public async Task ARefund_IsSentToStripeOnce_KeyedByItsId_AndSucceedsWhenStripeSaysSo()
    {
        var id = await CreateLiveSessionAsync();
        await PayAsync(id);
        using var live = _merchant.Api(live: true);
        _fake.FailNext("POST", "/v1/refunds", StripeFault.ProcessThenDrop);
        _fake.FailNext("POST", "/v1/refunds", StripeFault.ProcessThenDrop);

        var refunded = await live.PostAsync($"/v1/checkout/sessions/{id}/refund", Json.Body("""{"amount":1000}"""));

        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        var refund = Assert.Single(await live.ListAsync("/v1/refunds", "refunds"));
        var refundId = refund.GetProperty("refund_id").GetString()!;
        await WaitForAsync(async () => (await live.ListAsync("/v1/refunds", "refunds"))[0].GetProperty("status").GetString() == "succeeded");
        var atStripe = Assert.Single(_fake.Refunds);
        Assert.Equal((1000L, "succeeded"), (atStripe.Amount, atStripe.Status));
        Assert.All(_fake.Requests.Where(r => r.Path == "/v1/refunds"), r => Assert.Equal(refundId, r.IdempotencyKey));
        Assert.Equal(1000L, (await SessionAsync(id)).GetProperty("amount_refunded").GetInt64());
    }

    string WebhookUrl => _app.BaseAddress + $"processors/stripe/webhooks/{_merchant.AccountId}";

    [Fact]
    public async Task ARefundStripeSettlesLater_IsSettledByStripesNotice_AndRepeatedNoticesChangeNothing()
    {
        var id = await CreateLiveSessionAsync();
        await PayAsync(id);
        _fake.WebhookUrl = WebhookUrl;
        _fake.RefundsSettleLater = true;
        using var live = _merchant.Api(live: true);

        (await live.PostAsync($"/v1/checkout/sessions/{id}/refund", Json.Body("{}"))).EnsureSuccessStatusCode();
        await WaitForAsync(() => Task.FromResult(_fake.Refunds.Count == 1));
        await _fake.WebhooksDeliveredAsync();
        Assert.Equal("pending", (await live.ListAsync("/v1/refunds", "refunds"))[0].GetProperty("status").GetString());
        await _fake.SettleRefundsAsync();
        await _fake.WebhooksDeliveredAsync();

        Assert.Equal("succeeded", (await live.ListAsync("/v1/refunds", "refunds"))[0].GetProperty("status").GetString());
        _fake.ResendLastEvents(3);
        await _fake.WebhooksDeliveredAsync();
        Assert.Single(await live.ListAsync("/v1/events?type=charge.refunded", "events"));
        Assert.All(_fake.WebhookDeliveries, d => Assert.Equal(200, d.Status));
    }

    [Fact]
    public async Task AnAnswerLostOnTheWayBack_IsSettledByStripesNotice_WithoutWaitingForTheWorker()
    {
        var id = await CreateLiveSessionAsync();
        _fake.WebhookUrl = WebhookUrl;
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenDrop);
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenDrop);
        using var page = new HostedPageClient(_app.BaseAddress!);

        var answered = await page.SubmitFieldsAsync(id, LiveForm(await PaymentMethodAsync("4242424242424242")));
        await _fake.WebhooksDeliveredAsync();

        Assert.True(answered.StatusCode is HttpStatusCode.OK or HttpStatusCode.SeeOther, answered.StatusCode.ToString());
        await WaitForAsync(async () => (await SessionAsync(id)).GetProperty("status").GetString() == "complete");
        Assert.Equal(1, Charged(id));
        // The worker never asked (its clock did not move): the dropped call and Stripe.net's own retry only.
        Assert.Equal(2, _fake.Requests.Count(r => r.Path == "/v1/payment_intents"));
        using var live = _merchant.Api(live: true);
        Assert.Single(await live.ListAsync("/v1/events?type=checkout.session.completed", "events"));
    }

    [Fact]
    public async Task ANoticeWithoutStripesSignature_Is400_AndOneForAnAccountWithoutStripe_Is404()
    {
        using var http = _app.Http();
        var body = """{"id":"evt_forged","object":"event","type":"refund.updated","data":{"object":{"object":"refund","id":"re_1","status":"succeeded"}}}""";
        using var forged = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        forged.Headers.Add("Stripe-Signature", "t=1700000000,v1=" + new string('a', 64));
        var unsigned = await http.PostAsync(WebhookUrl, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var other = await _app.CreateMerchantAsync("Other shop", liveProcessor: false);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"processors/stripe/webhooks/{other.AccountId}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(0L, Convert.ToInt64(await _app.Database.ScalarAsync("SELECT COUNT(*) FROM \"ProcessorEvents\"")));
    }

    static async Task WaitForAsync(Func<Task<bool>> condition, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition never held. " + context?.Invoke());
            await Task.Delay(200);
        }
    }
}

public sealed class LivePaymentTestsOnSqlite(BrowserFixture browser) : LivePaymentTests(browser, DatabaseProvider.Sqlite);
public sealed class LivePaymentTestsOnPostgres(BrowserFixture browser) : LivePaymentTests(browser, DatabaseProvider.Postgres);
