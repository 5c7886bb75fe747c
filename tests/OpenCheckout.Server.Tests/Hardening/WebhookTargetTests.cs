using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Webhooks;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Where webhooks may go (issue 18, defects 2 and 9): test mode reaches loopback by default and nothing private,
/// a loopback receiver's answer is never kept in the delivery log, and a live endpoint whose name resolves to loopback
/// is refused when the delivery connects.</summary>
public abstract class WebhookTargetTests(DatabaseProvider provider)
{
    const string Secret = "internal-service-secret-7f3a";

    /// <summary>A name, not an address literal or localhost, that resolves to loopback and to no public address: one of the
    /// names /etc/hosts gives a 127.x address, or the machine's own name (which .NET resolves to its interfaces' addresses).</summary>
    static string LoopbackName()
    {
        var hosts = File.ReadLines("/etc/hosts").Select(line => line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 1 && fields[0].StartsWith("127.", StringComparison.Ordinal))
            .SelectMany(fields => fields.Skip(1));
        foreach (var name in hosts.Append(Dns.GetHostName()).Where(n => !n.StartsWith("localhost", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                var addresses = Dns.GetHostAddresses(name);
                if (addresses.Any(IPAddress.IsLoopback) && !addresses.Any(IsPublic)) return name;
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }
        throw new InvalidOperationException("This test needs a name that resolves to loopback and no public address (a 127.x line in /etc/hosts).");
    }

    static bool IsPublic(IPAddress address) =>
        OpenCheckout.Server.Features.Webhooks.PrivateNetworkGuard.Classify(address) == OpenCheckout.Server.Features.Webhooks.PrivateNetworkGuard.Reach.Public;

    static async Task<HttpResponseMessage> CreateWebhookAsync(TestMerchant merchant, string url, bool live = false)
    {
        using var api = merchant.Api(live);
        return await api.PostAsync("/v1/webhooks", Json.Body(JsonSerializer.Serialize(new { webhook = new { url, events = new[] { "*" } } })));
    }

    [Fact]
    public async Task TestKey_ByDefault_ReachesLoopback_ButNeverPrivateOrLinkLocalAddresses()
    {
        await using var app = new TestApp(provider);
        var merchant = await app.CreateMerchantAsync();

        foreach (var url in new[] { "http://10.0.0.1/hooks", "http://192.168.1.20/hooks", "http://169.254.169.254/latest/meta-data/",
                     "http://[fe80::1]/hooks", "http://[fd00::1]/hooks", "http://[64:ff9b::7f00:1]/hooks" })
        {
            var refused = await CreateWebhookAsync(merchant, url);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)refused.StatusCode}");
            Assert.Equal("url_not_public", (await refused.ReadJsonAsync()).GetProperty("error").Str("code"));
        }
        Assert.Equal(HttpStatusCode.OK, (await CreateWebhookAsync(merchant, "http://127.0.0.1:9/hooks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CreateWebhookAsync(merchant, "http://localhost:9/hooks")).StatusCode);
    }

    [Fact]
    public async Task TestKey_LoopbackReceiversAnswer_IsNeverKeptInTheDeliveryLog()
    {
        await using var app = new TestApp(provider);
        var merchant = await app.CreateMerchantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(new Reply(200, Secret));
        var byAddress = (await merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"])).Str("webhook_id");
        var byName = (await merchant.CreateWebhookAsync($"http://{LoopbackName()}:{receiver.Port}/hooks", ["checkout.session.completed"])).Str("webhook_id");

        await merchant.CreatePaidSessionAsync();
        await app.DeliverDueAsync();

        Assert.Equal(2, receiver.Received.Count);
        foreach (var webhookId in new[] { byAddress, byName })
        {
            var attempt = Assert.Single(await merchant.DeliveriesAsync(webhookId));
            Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
            Assert.True(attempt.GetProperty("succeeded").GetBoolean());
            Assert.True(attempt.GetProperty("latency_ms").GetInt64() >= 0);
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("response_snippet").ValueKind);
        }
        using var api = merchant.Api();
        Assert.DoesNotContain(Secret, await api.GetStringAsync($"/v1/webhooks/{byAddress}/deliveries"));
    }

    [Fact]
    public async Task TestModeTargetsNone_TestKeysReachPublicAddressesOnly_AtSaveAndAtConnect()
    {
        await using var app = new TestApp(provider, settings: new Dictionary<string, string?> { ["OpenCheckout:Webhooks:TestModeTargets"] = "none" });
        var merchant = await app.CreateMerchantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await CreateWebhookAsync(merchant, receiver.Url())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await CreateWebhookAsync(merchant, $"http://localhost:{receiver.Port}/hooks")).StatusCode);
        var byName = (await merchant.CreateWebhookAsync($"http://{LoopbackName()}:{receiver.Port}/hooks", ["checkout.session.completed"])).Str("webhook_id");

        await merchant.CreatePaidSessionAsync();
        await app.DeliverDueAsync();

        Assert.Empty(receiver.Received);
        var attempt = Assert.Single(await merchant.DeliveriesAsync(byName));
        Assert.False(attempt.GetProperty("succeeded").GetBoolean());
        Assert.StartsWith("Refused:", attempt.Str("error"));
    }

    [Fact]
    public async Task LiveEndpoint_WhoseNameResolvesToLoopback_IsRefusedWhenTheDeliveryConnects()
    {
        await using var app = new TestApp(provider);
        var merchant = await app.CreateMerchantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhookId = (await merchant.CreateWebhookAsync($"http://{LoopbackName()}:{receiver.Port}/hooks", ["*"], live: true)).Str("webhook_id");

        // A live customer made through the API records (and delivers) customer.created.
        using var live = merchant.Api(live: true);
        Assert.Equal(HttpStatusCode.OK, (await live.PostAsync("/v1/customers", Json.Body("""{"email":"live@example.com"}"""))).StatusCode);
        await app.DeliverDueAsync();

        Assert.Empty(receiver.Received);
        var attempts = await live.ListAsync($"/v1/webhooks/{webhookId}/deliveries?limit=100", "deliveries");
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a =>
        {
            Assert.False(a.GetProperty("succeeded").GetBoolean());
            Assert.StartsWith("Refused:", a.Str("error"));
            Assert.Equal(JsonValueKind.Null, a.GetProperty("status_code").ValueKind);
        });
    }
}

public sealed class WebhookTargetTestsOnSqlite() : WebhookTargetTests(DatabaseProvider.Sqlite);
public sealed class WebhookTargetTestsOnPostgres() : WebhookTargetTests(DatabaseProvider.Postgres);
