using System.Net;
using OpenCheckout.Server.Tests.Pages;
using OpenCheckout.Server.Tests.Processors.FakeStripe;

namespace OpenCheckout.Server.Tests.Processors;

/// <summary>An account's live processor as an operator sets it (the admin command in its own process) and as merchants meet it
/// (live sessions refused without one, made with one), against the local fake of Stripe.</summary>
public abstract class LiveProcessorTests(DatabaseProvider provider) : IAsyncLifetime
{
    FakeStripe.FakeStripe _fake = null!;
    TestApp _app = null!;
    TestMerchant _merchant = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeStripe.FakeStripe.StartAsync();
        _app = new TestApp(provider, settings: new Dictionary<string, string?> { ["OpenCheckout:Processors:Stripe:ApiBase"] = _fake.ApiBase });
        _merchant = await _app.CreateMerchantAsync(liveProcessor: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Assert.Empty(_fake.UnvalidatedRequests);
        await _fake.DisposeAsync();
    }

    Task<AdminCommand.Result> ProcessorAsync(string? secretKey, params string[] args) => AdminCommand.RunAsync(_app.Database,
        new Dictionary<string, string>
        {
            ["STRIPE_SECRET_KEY"] = secretKey ?? "", ["STRIPE_WEBHOOK_SECRET"] = secretKey is null ? "" : _fake.WebhookSecret,
            ["OpenCheckout__Processors__Stripe__ApiBase"] = _fake.ApiBase,
        }, ["processor", .. args]);

    Task<AdminCommand.Result> SetAsync() =>
        ProcessorAsync(_fake.SecretKey, "set", "--account", _merchant.AccountId, "--publishable-key", _fake.PublishableKey);

    async Task<HttpResponseMessage> CreateLiveSessionAsync(string priceId)
    {
        using var live = _merchant.Api(live: true);
        return await live.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"https://shop.example/ok?id={CHECKOUT_SESSION_ID}","cancel_url":"https://shop.example/cancel",
             "line_items":[{"price_id":"{{priceId}}","quantity":1}],"mode":"payment"}
            """));
    }

    [Fact]
    public async Task ALiveSession_OfAnAccountWithoutProcessor_Is400ProcessorNotConfigured_AndNothingIsStored()
    {
        var price = await _merchant.CreatePriceAsync(live: true);

        var refused = await CreateLiveSessionAsync(price);
        using var live = _merchant.Api(live: true);
        var link = await live.PostAsync("/v1/payment_links", Json.Body($$"""{"line_items":[{"price":"{{price}}","quantity":1}]}"""));

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "invalid_request_error", "processor_not_configured");
        await ApiAssert.ErrorAsync(link, HttpStatusCode.BadRequest, "invalid_request_error", "processor_not_configured");
        Assert.Empty(await _merchant.SessionsAsync(live: true));
        // Test mode needs no processor.
        await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
    }

    [Fact]
    public async Task ProcessorSet_StoresTheKeysEncrypted_ShowNeverPrintsThem_AndLiveSessionsAreMadeThen()
    {
        var set = await SetAsync();
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains($"…{_fake.SecretKey[^4..]}", set.Stdout);

        var stored = (string)(await _app.Database.ScalarAsync(
            $"SELECT \"SecretKeyProtected\" FROM \"AccountProcessors\" WHERE \"AccountId\" = '{_merchant.AccountId}'"))!;
        var webhookSecret = (string)(await _app.Database.ScalarAsync(
            $"SELECT \"WebhookSecretProtected\" FROM \"AccountProcessors\" WHERE \"AccountId\" = '{_merchant.AccountId}'"))!;
        Assert.DoesNotContain(_fake.SecretKey, stored);
        Assert.DoesNotContain("sk_", stored);
        Assert.DoesNotContain("whsec_", webhookSecret);
        var show = await ProcessorAsync(null, "show", "--account", _merchant.AccountId);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("stripe", show.Stdout);
        Assert.Contains(_fake.PublishableKey, show.Stdout);
        Assert.DoesNotContain(_fake.SecretKey, show.Stdout);
        Assert.DoesNotContain(_fake.WebhookSecret, show.Stdout);

        var created = await CreateLiveSessionAsync(await _merchant.CreatePriceAsync(live: true));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var session = (await created.ReadJsonAsync()).GetProperty("checkout_session");
        Assert.False(session.GetProperty("test_mode").GetBoolean());

        var removed = await ProcessorAsync(null, "remove", "--account", _merchant.AccountId);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        await ApiAssert.ErrorAsync(await CreateLiveSessionAsync(await _merchant.CreatePriceAsync(live: true)), HttpStatusCode.BadRequest,
            "invalid_request_error", "processor_not_configured");
    }

    [Fact]
    public async Task ALivePage_HasNoCardFields_AndACardPostedToItAnywayIsRefused_WithNothingStored()
    {
        Assert.Equal(0, (await SetAsync()).ExitCode);
        var created = await CreateLiveSessionAsync(await _merchant.CreatePriceAsync(live: true));
        var sessionId = (await created.ReadJsonAsync()).GetProperty("checkout_session").GetProperty("id").GetString()!;
        using var page = new HostedPageClient(_app.BaseAddress!);

        var html = await (await page.GetAsync(sessionId)).Content.ReadAsStringAsync();
        var posted = await page.PayAsync(sessionId);

        Assert.DoesNotContain("name=\"card_number\"", html);
        Assert.DoesNotContain("name=\"cvc\"", html);
        Assert.NotEqual(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Contains("are not taken by this page in live mode", await posted.Content.ReadAsStringAsync());
        var session = await _merchant.GetSessionAsync(sessionId, live: true);
        Assert.Equal("open", session.GetProperty("status").GetString());
        Assert.Equal(0L, Convert.ToInt64(await _app.Database.ScalarAsync($"SELECT COUNT(*) FROM \"PaymentIntents\" WHERE \"SessionId\" = '{sessionId}'")));
        Assert.DoesNotContain(_fake.Requests, r => r.Path.StartsWith("/v1/payment_intents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessorCheck_MakesOneAuthenticatedCall_AndAKeyStripeRefusesFailsTheCheck()
    {
        Assert.Equal(0, (await SetAsync()).ExitCode);

        var check = await ProcessorAsync(null, "check", "--account", _merchant.AccountId);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("Stripe answered", check.Stdout);
        var call = Assert.Single(_fake.Requests);
        Assert.Equal(("GET", "/v1/balance"), (call.Method, call.Path));

        var wrong = await ProcessorAsync("sk_test_" + new string('x', 24), "set", "--account", _merchant.AccountId, "--publishable-key", _fake.PublishableKey);
        Assert.Equal(0, wrong.ExitCode);
        var failed = await ProcessorAsync(null, "check", "--account", _merchant.AccountId);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("The check failed", failed.Stderr);
        Assert.DoesNotContain("sk_test_xxxx", failed.Stderr + failed.Stdout);
    }

    [Fact]
    public async Task ProcessorSet_RefusesMalformedKeys_AMissingSecret_AndAnUnknownAccount_ChangingNothing()
    {
        var noSecret = await ProcessorAsync(null, "set", "--account", _merchant.AccountId, "--publishable-key", _fake.PublishableKey);
        var badPublishable = await ProcessorAsync(_fake.SecretKey, "set", "--account", _merchant.AccountId, "--publishable-key", "sk_oops");
        var badSecret = await ProcessorAsync("pk_test_wrongkind", "set", "--account", _merchant.AccountId, "--publishable-key", _fake.PublishableKey);
        var unknown = await ProcessorAsync(_fake.SecretKey, "set", "--account", "facct_nosuchaccount", "--publishable-key", _fake.PublishableKey);

        Assert.Equal(1, noSecret.ExitCode);
        Assert.Contains("STRIPE_SECRET_KEY", noSecret.Stderr);
        Assert.Equal(1, badPublishable.ExitCode);
        Assert.Contains("pk_", badPublishable.Stderr);
        Assert.Equal(1, badSecret.ExitCode);
        Assert.Contains("sk_", badSecret.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No such account", unknown.Stderr);
        await ApiAssert.ErrorAsync(await CreateLiveSessionAsync(await _merchant.CreatePriceAsync(live: true)), HttpStatusCode.BadRequest,
            "invalid_request_error", "processor_not_configured");
    }
}

public sealed class LiveProcessorTestsOnSqlite() : LiveProcessorTests(DatabaseProvider.Sqlite);
public sealed class LiveProcessorTestsOnPostgres() : LiveProcessorTests(DatabaseProvider.Postgres);
