using OpenCheckout.Testing;
using Microsoft.Extensions.Time.Testing;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>The database is the queue: events not yet delivered when the server stops are delivered by the next
/// server on the same database file, whether the receiver was down or the server stopped mid-send.</summary>
public abstract class DeliveryRestartTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestDatabase _database = TestApp.NewDatabase(provider);
    readonly FakeTimeProvider _clock = new(TestApp.Start);

    // All five events of a payment in flight to one endpoint at once: past the default per-endpoint limit of four.
    TestApp StartApp() => new(_database, _clock, new Dictionary<string, string?>(WebhookKit.ClockJumpSettings)
    {
        ["OpenCheckout:Webhooks:MaxConcurrencyPerEndpoint"] = "8",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DropAsync();

    [Fact]
    public async Task ReceiverDown_ServerRestarted_EveryEventDeliveredOnceReceiverIsUp()
    {
        using var down = WebhookReceiver.Down();
        TestMerchant merchant;
        string secret, webhookId;
        await using (var first = StartApp())
        {
            merchant = await first.CreateMerchantAsync("Restart Shop");
            var webhook = await merchant.CreateWebhookAsync(down.Url(), ["*"]);
            (secret, webhookId) = (webhook.Str("signing_secret"), webhook.Str("webhook_id"));
            await merchant.CreatePaidSessionAsync();
            await merchant.CreatePaidSessionAsync();
            await first.DeliverDueAsync();

            var refused = await merchant.DeliveriesAsync(webhookId);
            Assert.Equal(9, refused.Count);
            Assert.All(refused, a =>
            {
                Assert.False(a.GetProperty("succeeded").GetBoolean());
                Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty("status_code").ValueKind);
                Assert.Contains("refused", a.Str("error"), StringComparison.OrdinalIgnoreCase);
            });
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = StartApp();
        merchant = merchant with { App = second };
        await using var receiver = await down.StartAsync();
        await second.DeliverDueAsync(); // what the new server's worker may have started before the receiver was up
        _clock.Advance(TimeSpan.FromHours(1));
        await second.DeliverDueAsync();

        var eventIds = (await merchant.ListEventsAsync()).Select(e => e.Str("event_id")).ToList();
        Assert.Equal(9, eventIds.Count);
        Assert.Equal(eventIds.Order(), receiver.Received.Select(r => r.Id).Distinct().Order());
        Assert.All(receiver.Received, r => Assert.True(r.VerifiesWith(secret, second.Now()) || r.VerifiesWith(secret, second.Now().AddHours(-1))));
        await AssertEachDeliveredAsync(merchant, webhookId, eventIds);
    }

    [Fact]
    public async Task ServerStoppedMidSend_TheNextServerSendsEveryEventAtOnce_NotAfterTheClaimsLease()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct); // never answers: the server stops while waiting
            return Reply.Ok;
        };
        TestMerchant merchant;
        string webhookId;
        await using (var first = StartApp())
        {
            merchant = await first.CreateMerchantAsync("Crash Shop");
            webhookId = (await merchant.CreateWebhookAsync(receiver.Url(), ["*"])).Str("webhook_id");
            await merchant.CreatePaidSessionAsync();
            await receiver.WaitForAsync(5); // every event is in flight on the first server's worker
        }
        receiver.Respond = (_, _) => Task.FromResult(Reply.Ok);

        await using var second = StartApp();
        merchant = merchant with { App = second };
        var eventIds = (await merchant.ListEventsAsync()).Select(e => e.Str("event_id")).ToList();
        Assert.Equal(5, eventIds.Count);

        await second.DeliverDueAsync(); // the restarted node released its previous instance's claims when it started
        Assert.Equal(eventIds.Order(), receiver.Received.Take(5).Select(r => r.Id).Order());

        Assert.Equal(10, receiver.Received.Count);
        Assert.Equal(eventIds.Order(), receiver.Received.Skip(5).Select(r => r.Id).Order());
        await AssertEachDeliveredAsync(merchant, webhookId, eventIds);
    }

    static async Task AssertEachDeliveredAsync(TestMerchant merchant, string webhookId, List<string> eventIds)
    {
        var attempts = await merchant.DeliveriesAsync(webhookId);
        var delivered = attempts.Where(a => a.GetProperty("succeeded").GetBoolean()).Select(a => a.Str("event_id")).ToList();
        Assert.Equal(eventIds.Order(), delivered.Order());
    }
}

public sealed class DeliveryRestartTestsOnSqlite() : DeliveryRestartTests(DatabaseProvider.Sqlite);
public sealed class DeliveryRestartTestsOnPostgres() : DeliveryRestartTests(DatabaseProvider.Postgres);
