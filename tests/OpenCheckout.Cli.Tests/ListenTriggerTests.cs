using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>listen</c> and <c>trigger</c> together, as a developer runs them: listen forwards to the app's local URL, trigger
/// causes the event, the app verifies the delivery with the secret listen printed.</summary>
public sealed class ListenTriggerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    const string ReadyPattern = @"^Ready! Your webhook signing secret is (fwhsec_[A-Za-z0-9+/=]+) \(\^C to quit\)$";

    static async Task<string> ReadyAsync(CliProcess listen) => (await listen.WaitForAsync(ReadyPattern)).Groups[1].Value;

    static async Task<int> WebhookCountAsync(Merchant merchant)
    {
        using var api = merchant.Api();
        var list = await api.GetFromJsonAsync<JsonElement>("/v1/webhooks");
        return list.GetProperty("webhooks").GetArrayLength();
    }

    /// <summary>The server records an attempt once the answer is in, a moment after listen has printed its line.</summary>
    static async Task<JsonElement> FirstAttemptAsync(Merchant merchant, string webhookId)
    {
        using var api = merchant.Api();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var attempts = (await api.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{webhookId}/deliveries")).GetProperty("deliveries");
            if (attempts.GetArrayLength() > 0) return attempts[attempts.GetArrayLength() - 1];
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server recorded no delivery attempt.");
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("checkout.session.completed", "checkout_session")]
    [InlineData("checkout.session.expired", "checkout_session")]
    [InlineData("payment_intent.payment_failed", "payment_intent")]
    [InlineData("charge.dispute.created", "dispute")]
    public async Task Trigger_WithListenRunning_ForwardsTheEventSignedWithTheCliSecret(string eventType, string objectName)
    {
        var merchant = await server.CreateMerchantAsync();
        await using var app = await WebhookReceiver.StartAsync();
        await using var listen = merchant.Start("listen", "--forward-to", app.Url, "--events", eventType);
        var secret = await ReadyAsync(listen);

        var trigger = await merchant.RunAsync("trigger", eventType);
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        Assert.Contains($"Trigger succeeded: {eventType}", trigger.Stdout);

        var delivery = await app.NextAsync(eventType);
        Assert.True(WebhookSignature.Verify(delivery.Body, delivery.Header, secret, WebhookSignature.DefaultTolerance),
            "The forwarded delivery does not verify with the secret listen printed.");
        var body = JsonDocument.Parse(delivery.Body).RootElement;
        var eventId = body.GetProperty("event_id").GetString()!;
        Assert.Equal(eventId, delivery.Header("webhook-id"));
        Assert.Equal(eventId, delivery.Header("svix-id"));
        Assert.Equal(delivery.Header("webhook-signature"), delivery.Header("svix-signature"));
        Assert.True(body.GetProperty("object").TryGetProperty(objectName, out _), delivery.Body);

        // One line per delivery: time, type, id, the app's status, the latency.
        await listen.WaitForAsync($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  {Regex.Escape(eventType)}  {eventId}  \[200\]  \d+ ms$");

        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));
        Assert.Equal(0, await WebhookCountAsync(merchant));
    }

    [Fact]
    public async Task Listen_OnSigint_DeletesItsEndpointAndExitsZero()
    {
        var merchant = await server.CreateMerchantAsync();
        await using var listen = merchant.Start("listen", "--forward-to", "http://127.0.0.1:9/webhooks");
        await ReadyAsync(listen);
        Assert.Equal(1, await WebhookCountAsync(merchant));

        var exitCode = await listen.StopAsync(CliProcess.SigInt);

        Assert.True(exitCode == 0, listen.ToString());
        Assert.Contains("Stopped. Deleted the temporary webhook endpoint fwh_", listen.Stdout);
        Assert.Equal(0, await WebhookCountAsync(merchant));
    }

    [Fact]
    public async Task Listen_DeletesAnEndpointLeftBehindByAKilledListen()
    {
        var merchant = await server.CreateMerchantAsync();
        await using (var killed = merchant.Start("listen", "--forward-to", "http://127.0.0.1:9/webhooks"))
            await ReadyAsync(killed);   // disposed with SIGKILL: no chance to clean up
        Assert.Equal(1, await WebhookCountAsync(merchant));

        await using var listen = merchant.Start("listen", "--forward-to", "http://127.0.0.1:9/webhooks");
        await ReadyAsync(listen);

        Assert.Contains("left behind by an earlier listen", listen.Stdout);
        Assert.Equal(1, await WebhookCountAsync(merchant));
        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));
        Assert.Equal(0, await WebhookCountAsync(merchant));
    }

    [Fact]
    public async Task Listen_LeavesOtherEndpointsAlone()
    {
        var merchant = await server.CreateMerchantAsync();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/mine", events = new[] { "*" } })).EnsureSuccessStatusCode();

        await using var listen = merchant.Start("listen", "--forward-to", "http://127.0.0.1:9/webhooks");
        await ReadyAsync(listen);
        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));

        Assert.Equal(1, await WebhookCountAsync(merchant));
    }

    [Fact]
    public async Task Listen_WhenTheAppAnswers500_PrintsTheStatusAndTheServerRetries()
    {
        var merchant = await server.CreateMerchantAsync();
        await using var app = await WebhookReceiver.StartAsync();
        app.StatusCode = 500;
        await using var listen = merchant.Start("listen", "--forward-to", app.Url, "--events", "checkout.session.expired", "--json");
        var ready = JsonDocument.Parse((await listen.WaitForAsync("^\\{\"ready\":true.*$")).Value).RootElement;
        var webhookId = ready.GetProperty("webhook_id").GetString()!;

        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.expired")).ExitCode);

        var line = JsonDocument.Parse((await listen.WaitForAsync("^\\{\"time\".*$")).Value).RootElement;
        Assert.Equal("checkout.session.expired", line.GetProperty("event_type").GetString());
        Assert.Equal(500, line.GetProperty("status").GetInt32());
        // The server was told the delivery failed, so its retry schedule applies, as for a deployed endpoint.
        var attempt = await FirstAttemptAsync(merchant, webhookId);
        Assert.Equal(502, attempt.GetProperty("status_code").GetInt32());
        Assert.False(attempt.GetProperty("succeeded").GetBoolean());

        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));
    }

    [Fact]
    public async Task Listen_WithSecretOption_SignsWithThatSecret()
    {
        var merchant = await server.CreateMerchantAsync();
        var secret = WebhookSignature.NewSecret();
        await using var app = await WebhookReceiver.StartAsync();
        await using var listen = merchant.Start("listen", "--forward-to", app.Url, "--secret", secret);
        Assert.Equal(secret, await ReadyAsync(listen));

        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.completed")).ExitCode);

        var delivery = await app.NextAsync("checkout.session.completed");
        Assert.True(WebhookSignature.Verify(delivery.Body, delivery.Header, secret, WebhookSignature.DefaultTolerance));
        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));
    }

    [Fact]
    public async Task Trigger_RunTwice_ReusesOneFixtureProductAndPrice()
    {
        var merchant = await server.CreateMerchantAsync();

        var first = await merchant.RunAsync("trigger", "checkout.session.completed");
        var second = await merchant.RunAsync("trigger", "checkout.session.expired");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Created fixture price", first.Stdout);
        Assert.Contains("Using fixture price", second.Stdout);
        var products = JsonDocument.Parse((await merchant.RunAsync("products", "list", "--json")).Stdout).RootElement.GetProperty("products");
        Assert.Equal(1, products.GetArrayLength());
        var prices = JsonDocument.Parse((await merchant.RunAsync("prices", "list", "--json")).Stdout).RootElement.GetProperty("prices");
        Assert.Equal(1, prices.GetArrayLength());
    }

    [Fact]
    public async Task TriggerDispute_WithWait_ReturnsOnceTheDisputeIsOpen()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "charge.dispute.created", "--wait", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var dispute = Assert.Single(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("disputes").EnumerateArray());
        Assert.StartsWith("fdsp_", dispute.GetProperty("dispute_id").GetString());
    }

    [Fact]
    public async Task Trigger_UnknownEvent_ListsTheSupportedOnes()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "invoice.paid");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("checkout.session.completed", result.Stderr);
    }
}
