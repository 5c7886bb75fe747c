using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>listen</c> and <c>trigger</c> together, as a developer runs them: listen forwards to the app's local URL, trigger
/// causes the event, the app verifies the delivery with the secret listen printed. The server delivers no webhook to local
/// addresses (<see cref="ServerFixture"/>), and listen registers none: the events come through the event stream.</summary>
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

    static string DeliveryLine(string eventType, string eventId, int status) =>
        $@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ  {Regex.Escape(eventType)}  {eventId}  \[{status}\]  \d+ ms$";

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
        // Listen prints this line just after the Ready line; wait for it rather than race the process.
        await listen.WaitForAsync("^" + Regex.Escape($"Forwarding {eventType} from {server.BaseUrl}/v1/events/stream to {app.Url}.") + "$");

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
        // The body is the event as the server stores it, byte for byte.
        using (var api = merchant.Api())
            Assert.Equal((await api.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}")).GetProperty("event").GetRawText(), delivery.Body);

        // One line per delivery: time, type, id, the app's status, the latency.
        await listen.WaitForAsync(DeliveryLine(eventType, eventId, 200));

        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));
        Assert.Equal(0, await WebhookCountAsync(merchant));
    }

    [Fact]
    public async Task Listen_OnSigint_ExitsZero_HavingRegisteredNoEndpoint()
    {
        var merchant = await server.CreateMerchantAsync();
        await using var listen = merchant.Start("listen", "--forward-to", "http://127.0.0.1:9/webhooks");
        await ReadyAsync(listen);
        Assert.Equal(0, await WebhookCountAsync(merchant));

        var exitCode = await listen.StopAsync(CliProcess.SigInt);

        Assert.True(exitCode == 0, listen.ToString());
        Assert.Contains("Stopped.", listen.Stdout);
        Assert.DoesNotContain("Exception", listen.Stderr);
    }

    [Fact]
    public async Task Listen_LeavesTheAccountsEndpointsAlone()
    {
        var merchant = await server.CreateMerchantAsync();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync("/v1/webhooks", new { url = "https://shop.example/mine", events = new[] { "*" } })).EnsureSuccessStatusCode();

        await using var listen = merchant.Start("listen", "--forward-to", "http://127.0.0.1:9/webhooks");
        await ReadyAsync(listen);
        Assert.Equal(0, await listen.StopAsync(CliProcess.SigTerm));

        Assert.Equal(1, await WebhookCountAsync(merchant));
    }

    [Fact]
    public async Task Listen_WhenTheAppAnswers500_PrintsTheStatusAndGoesOn()
    {
        var merchant = await server.CreateMerchantAsync();
        await using var app = await WebhookReceiver.StartAsync();
        app.StatusCode = 500;
        await using var listen = merchant.Start("listen", "--forward-to", app.Url, "--events", "checkout.session.expired", "--json");
        var ready = JsonDocument.Parse((await listen.WaitForAsync("^\\{\"ready\":true.*$")).Value).RootElement;
        Assert.Equal(server.BaseUrl + "/v1/events/stream", ready.GetProperty("stream").GetString());

        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.expired")).ExitCode);

        var line = JsonDocument.Parse((await listen.WaitForAsync("^\\{\"time\".*$")).Value).RootElement;
        Assert.Equal("checkout.session.expired", line.GetProperty("event_type").GetString());
        Assert.Equal(500, line.GetProperty("status").GetInt32());

        // One attempt per event, as Stripe's CLI makes; the next event is forwarded all the same.
        app.StatusCode = 200;
        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.expired")).ExitCode);
        await listen.WaitForAsync("^\\{\"time\".*\"status\":200.*$");
        Assert.Equal(2, Regex.Matches(listen.Stdout, "\"time\"").Count);

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
    public async Task Listen_AfterTheConnectionDrops_ReconnectsAndForwardsWhatHappenedMeanwhile()
    {
        var merchant = await server.CreateMerchantAsync();
        await using var app = await WebhookReceiver.StartAsync();
        await using var relay = new ConnectionRelay(server.BaseAddress);
        await using var listen = CliProcess.Start(["listen", "--forward-to", app.Url, "--events", "checkout.session.completed"],
            merchant.Environment(relay.BaseUrl));
        await ReadyAsync(listen);
        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.completed")).ExitCode);
        var first = JsonDocument.Parse((await app.NextAsync("checkout.session.completed")).Body).RootElement.GetProperty("event_id").GetString()!;

        relay.Cut();
        await listen.WaitForAsync("lost the event stream .*; reconnecting in \\d+ s$");
        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.completed")).ExitCode); // while listen is away
        relay.Restore();

        await listen.WaitForAsync($"reconnected, resuming after {first}$");
        var missed = JsonDocument.Parse((await app.NextAsync("checkout.session.completed")).Body).RootElement.GetProperty("event_id").GetString()!;
        Assert.NotEqual(first, missed);
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

        var result = await merchant.RunAsync("trigger", "invoice.upcoming");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("checkout.session.completed", result.Stderr);
    }
}
