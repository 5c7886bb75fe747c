using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>What keeps webhooks safe: live endpoints cannot point into private networks, redirects are not
/// followed, and a rotated secret keeps signing for 24 hours beside the new one.</summary>
public abstract class WebhookSecurityTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider, settings: WebhookKit.ClockJumpSettings);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Secure Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>One test, not a theory: each test case starts its own server.</summary>
    [Fact]
    public async Task LiveKey_PrivateOrLoopbackUrls_AreRefused()
    {
        string[] urls =
        [
            "http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://10.0.0.1/hooks", "http://169.254.169.254/latest/meta-data/",
            "https://LOCALHOST:8443/hooks", "http://localhost./hooks", "http://shop.localhost/hooks", "http://[::1]/hooks",
            "http://[::ffff:127.0.0.1]/hooks", "http://[fd00::1]/hooks", "http://0.0.0.0/hooks", "http://2130706433/hooks",
            "http://127.1/hooks", "http://192.168.1.20/hooks", "http://172.16.5.4/hooks", "http://100.64.0.1/hooks",
            // Addresses that lead to a private one through a gateway, and reserved ranges (issue 18, defect 9).
            "http://[64:ff9b::7f00:1]/hooks", "http://[64:ff9b::a9fe:a9fe]/hooks", "http://[2002:7f00:1::]/hooks", "http://[::7f00:1]/hooks",
            "http://[64:ff9b:1::1]/hooks", "http://192.0.0.8/hooks", "http://198.18.0.1/hooks", "http://[fe80::1]/hooks", "http://[fc00::1]/hooks",
        ];
        using var live = _merchant.Api(live: true);
        foreach (var url in urls)
        {
            var response = await live.PostAsync("/v1/webhooks", Json.Body(JsonSerializer.Serialize(new { webhook = new { url, events = new[] { "*" } } })));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            var error = (await response.ReadJsonAsync()).GetProperty("error");
            Assert.Equal(("url_not_public", "url"), (error.Str("code"), error.Str("param")));
        }
        var listed = await (await live.GetAsync("/v1/webhooks")).ReadJsonAsync();
        Assert.Equal(0, listed.GetProperty("webhooks").GetArrayLength());
    }

    [Fact]
    public async Task LiveKey_PublicUrl_IsAccepted_ButCannotBeMovedToAPrivateOne()
    {
        var webhook = await _merchant.CreateWebhookAsync("https://hooks.shop.example/opencheckout", ["checkout.session.completed"], live: true);
        Assert.False(webhook.GetProperty("test_mode").GetBoolean());

        using var live = _merchant.Api(live: true);
        var moved = await live.PostAsync($"/v1/webhooks/{webhook.Str("webhook_id")}", Json.Body("""{"url":"http://169.254.169.254/"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Equal("url_not_public", (await moved.ReadJsonAsync()).GetProperty("error").Str("code"));
        Assert.Equal("https://hooks.shop.example/opencheckout", (await GetLiveWebhookAsync(webhook.Str("webhook_id"))).Str("url"));
    }

    [Fact]
    public async Task TestKey_LocalReceivers_AreAcceptedAndReached()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var byName = await _merchant.CreateWebhookAsync($"http://localhost:{receiver.Port}/by-name", ["checkout.session.completed"]);
        var byAddress = await _merchant.CreateWebhookAsync(receiver.Url("/by-address"), ["checkout.session.completed"]);
        Assert.True(byName.GetProperty("test_mode").GetBoolean());

        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();

        Assert.Equal(["/by-address", "/by-name"], receiver.Received.Select(r => r.Path).Order());
        Assert.True(receiver.Received.Single(r => r.Path == "/by-name").VerifiesWith(byName.Str("signing_secret"), _app.Now()));
        Assert.True(receiver.Received.Single(r => r.Path == "/by-address").VerifiesWith(byAddress.Str("signing_secret"), _app.Now()));
    }

    [Fact]
    public async Task ReceiverRedirecting_IsAFailedAttempt_TargetNeverHit()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (request, _) => Task.FromResult(request.Path == "/target" ? Reply.Ok : new Reply(302, "moved", receiver.Url("/target")));
        var webhookId = (await _merchant.CreateWebhookAsync(receiver.Url("/old"), ["checkout.session.completed"])).Str("webhook_id");

        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(6));
        await _app.DeliverDueAsync();

        Assert.Equal(["/old", "/old"], receiver.Received.Select(r => r.Path));
        var attempts = await _merchant.DeliveriesAsync(webhookId);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a =>
        {
            Assert.Equal(302, a.GetProperty("status_code").GetInt32());
            Assert.False(a.GetProperty("succeeded").GetBoolean());
            Assert.Equal("HTTP 302", a.Str("error"));
        });
    }

    [Fact]
    public async Task RotateSecret_BothSecretsSignFor24Hours_ThenOnlyTheNewOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await _merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        var webhookId = created.Str("webhook_id");
        var oldSecret = created.Str("signing_secret");

        using var api = _merchant.Api();
        var rotatedResponse = await api.PostAsync($"/v1/webhooks/{webhookId}/rotate_secret", null);
        Assert.Equal(HttpStatusCode.OK, rotatedResponse.StatusCode);
        var rotated = (await rotatedResponse.ReadJsonAsync()).GetProperty("webhook");
        var newSecret = rotated.Str("signing_secret");
        Assert.StartsWith("fwhsec_", newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        var shown = await api.GetStringAsync($"/v1/webhooks/{webhookId}");
        Assert.DoesNotContain(newSecret, shown);
        Assert.DoesNotContain(oldSecret, shown);

        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        var rightAfter = Assert.Single(receiver.Received);
        Assert.Equal(2, rightAfter.Header("webhook-signature")!.Split(' ').Length);
        Assert.True(rightAfter.VerifiesWith(newSecret, _app.Now()));
        Assert.True(rightAfter.VerifiesWith(oldSecret, _app.Now()));

        _app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        var justBefore = receiver.Received[1];
        Assert.Equal(2, justBefore.Header("webhook-signature")!.Split(' ').Length);
        Assert.True(justBefore.VerifiesWith(oldSecret, _app.Now()));

        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        var after = receiver.Received[2];
        Assert.Single(after.Header("webhook-signature")!.Split(' '));
        Assert.True(after.VerifiesWith(newSecret, _app.Now()));
        Assert.False(after.VerifiesWith(oldSecret, _app.Now()));
        Assert.Equal(after.Header("webhook-signature"), after.Header("svix-signature"));
    }

    async Task<JsonElement> GetLiveWebhookAsync(string webhookId)
    {
        using var live = _merchant.Api(live: true);
        return (await (await live.GetAsync($"/v1/webhooks/{webhookId}")).ReadJsonAsync()).GetProperty("webhook");
    }
}

public sealed class WebhookSecurityTestsOnSqlite() : WebhookSecurityTests(DatabaseProvider.Sqlite);
public sealed class WebhookSecurityTestsOnPostgres() : WebhookSecurityTests(DatabaseProvider.Postgres);
