using System.Net;
using System.Text.Json;
using OpenCheckout.Ids;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>The endpoints and events APIs: validation, retry, delete, secrets never shown again, and no object
/// visible to another account or mode.</summary>
public abstract class WebhooksApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Api Shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ListEvents_ByType_FiltersAndRefusesUnknownTypes()
    {
        await _merchant.CreatePaidSessionAsync();
        using var api = _merchant.Api();

        var completed = (await (await api.GetAsync("/v1/events?type=checkout.session.completed")).ReadJsonAsync()).GetProperty("events");
        Assert.Single(completed.EnumerateArray());
        Assert.Equal("checkout.session.completed", completed[0].GetProperty("event_type").GetString());

        var misspelt = await api.GetAsync("/v1/events?type=checkout.session.complete");
        await ApiAssert.ErrorAsync(misspelt, HttpStatusCode.BadRequest, "invalid_request_error", "event_type_unknown", "type");
    }

    [Fact]
    public async Task RetryEvent_DeliversItAgain_WithTheSameId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await _merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        var first = Assert.Single(receiver.Received);

        using var api = _merchant.Api();
        var retried = await api.PostAsync($"/v1/events/{first.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(first.Body, (await retried.ReadJsonAsync()).GetProperty("event").GetRawText());
        await _app.DeliverDueAsync();

        var forOne = await api.PostAsync($"/v1/events/{first.Id}/retry",
            Json.Body(JsonSerializer.Serialize(new { webhook_id = webhook.Str("webhook_id") })));
        Assert.Equal(HttpStatusCode.OK, forOne.StatusCode);
        await _app.DeliverDueAsync();

        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r =>
        {
            Assert.Equal(first.Id, r.Id);
            Assert.Equal(first.Body, r.Body);
            Assert.True(r.VerifiesWith(webhook.Str("signing_secret"), _app.Now()));
        });
        Assert.All(await _merchant.DeliveriesAsync(webhook.Str("webhook_id")), a => Assert.True(a.GetProperty("succeeded").GetBoolean()));
    }

    [Fact]
    public async Task RetryEvent_EndpointSubscribedAfterTheEvent_ReceivesIt()
    {
        await _merchant.CreatePaidSessionAsync();
        var completed = Assert.Single(await _merchant.ListEventsAsync("type=checkout.session.completed"));
        await using var receiver = await WebhookReceiver.StartAsync();
        await _merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        await _app.DeliverDueAsync();
        Assert.Empty(receiver.Received);

        using var api = _merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/events/{completed.Str("event_id")}/retry", null)).StatusCode);
        await _app.DeliverDueAsync();
        Assert.Equal(completed.GetRawText(), Assert.Single(receiver.Received).Body);
    }

    [Fact]
    public async Task UnknownEvent_Is404()
    {
        using var api = _merchant.Api();
        var unknown = ObjectId.New(ObjectId.Event, _app.Now());
        foreach (var response in new[]
        {
            await api.PostAsync($"/v1/events/{unknown}/retry", null),
            await api.GetAsync($"/v1/events/{unknown}"),
            await api.PostAsync("/v1/events/not_an_event/retry", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("invalid_request_error", (await response.ReadJsonAsync()).GetProperty("error").Str("type"));
        }
    }

    [Fact]
    public async Task EventsFilter_UnknownType_Is400_EveryContractTypeAccepted()
    {
        using var api = _merchant.Api();
        var unknown = await api.PostAsync("/v1/webhooks",
            Json.Body("""{"webhook":{"url":"https://shop.example/hooks","events":["checkout.session.completed","checkout.session.paid"]}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var error = (await unknown.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(("event_type_unknown", "events"), (error.Str("code"), error.Str("param")));
        Assert.Contains("checkout.session.paid", error.Str("message"));

        foreach (var body in (string[])["""{"url":"https://shop.example/hooks","events":[]}""", """{"url":"https://shop.example/hooks"}"""])
            Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/v1/webhooks", Json.Body(body))).StatusCode);
        Assert.Equal(0, (await (await api.GetAsync("/v1/webhooks")).ReadJsonAsync()).GetProperty("webhooks").GetArrayLength());

        string[] contractTypes =
        [
            "checkout.session.completed", "checkout.session.expired", "payment_intent.created", "payment_intent.succeeded",
            "payment_intent.payment_failed", "charge.succeeded", "charge.failed", "charge.refunded", "charge.refund.updated",
            "charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_withdrawn",
            "charge.dispute.funds_reinstated", "refund.created", "refund.updated", "customer.created", "customer.updated",
            "customer.deleted", "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
            "invoice.created", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed",
        ];
        var all = await _merchant.CreateWebhookAsync("https://shop.example/hooks", contractTypes);
        Assert.Equal(contractTypes, all.GetProperty("events").EnumerateArray().Select(e => e.GetString()!));

        var update = await api.PostAsync($"/v1/webhooks/{all.Str("webhook_id")}", Json.Body("""{"events":["charge.exploded"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal("event_type_unknown", (await update.ReadJsonAsync()).GetProperty("error").Str("code"));
        Assert.Equal(contractTypes.Length, (await _merchant.GetWebhookAsync(all.Str("webhook_id"))).GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task EventsList_FiltersByType()
    {
        await _merchant.CreatePaidSessionAsync();
        await _merchant.CreatePaidSessionAsync();
        var charges = await _merchant.ListEventsAsync("type=charge.succeeded");
        Assert.Equal(2, charges.Count);
        Assert.All(charges, e => Assert.Equal("charge.succeeded", e.Str("event_type")));
        Assert.Equal(9, (await _merchant.ListEventsAsync()).Count);
        var page = await (await _merchant.Api().GetAsync("/v1/events?limit=2")).ReadJsonAsync();
        Assert.Equal(2, page.GetProperty("events").GetArrayLength());
        Assert.True(page.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Delete_WithJsonBody_AnswersWithTheObject_AndNothingIsDeliveredAfter()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhook = await _merchant.CreateWebhookAsync(receiver.Url(), ["*"]);
        var webhookId = webhook.Str("webhook_id");

        using var api = _merchant.Api();
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/webhooks/{webhookId}")
        {
            Content = Json.Body(JsonSerializer.Serialize(new { webhook_id = webhookId })),
        };
        var deleted = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.Content.ReadAsStringAsync();
        var deletedWebhook = JsonDocument.Parse(body).RootElement.GetProperty("webhook");
        Assert.Equal(webhookId, deletedWebhook.Str("webhook_id"));
        Assert.Equal(receiver.Url(), deletedWebhook.Str("url"));
        Assert.DoesNotContain(webhook.Str("signing_secret"), body);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/v1/webhooks/{webhookId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/v1/webhooks/{webhookId}")).StatusCode);
        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Delete_WithoutBody_AlsoWorks()
    {
        var webhookId = (await _merchant.CreateWebhookAsync("https://shop.example/hooks", ["*"])).Str("webhook_id");
        using var api = _merchant.Api();
        var deleted = await api.DeleteAsync($"/v1/webhooks/{webhookId}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(webhookId, (await deleted.ReadJsonAsync()).GetProperty("webhook").Str("webhook_id"));
    }

    [Fact]
    public async Task Secret_ShownOnlyOnCreateAndRotate()
    {
        var created = await _merchant.CreateWebhookAsync("https://shop.example/hooks", ["checkout.session.completed"]);
        var webhookId = created.Str("webhook_id");
        var secret = created.Str("signing_secret");
        Assert.StartsWith("fwhsec_", secret);
        Assert.Equal("enabled", created.Str("status"));
        Assert.True(created.GetProperty("test_mode").GetBoolean());
        Assert.StartsWith("fwh_", webhookId);

        using var api = _merchant.Api();
        var responses = new[]
        {
            await api.GetAsync($"/v1/webhooks/{webhookId}"),
            await api.GetAsync("/v1/webhooks"),
            await api.PostAsync($"/v1/webhooks/{webhookId}", Json.Body("""{"description":"orders"}""")),
            await api.PatchAsync($"/v1/webhooks/{webhookId}", Json.Body("""{"webhook":{"events":["*"]}}""")),
        };
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain("fwhsec_", text);
        }
        var fetched = await _merchant.GetWebhookAsync(webhookId);
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("signing_secret").ValueKind);
        Assert.Equal("orders", fetched.Str("description"));
        Assert.Equal(["*"], fetched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task OtherAccountOrMode_GetsNotFound()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhookId = (await _merchant.CreateWebhookAsync(receiver.Url(), ["*"])).Str("webhook_id");
        await _merchant.CreatePaidSessionAsync();
        await _app.DeliverDueAsync();
        var eventId = (await _merchant.ListEventsAsync())[0].Str("event_id");

        var other = await _app.CreateMerchantAsync("Other Shop");
        foreach (var api in new[] { other.Api(), other.Api(live: true), _merchant.Api(live: true) })
        {
            using (api)
            {
                var responses = new[]
                {
                    await api.GetAsync($"/v1/webhooks/{webhookId}"),
                    await api.PostAsync($"/v1/webhooks/{webhookId}", Json.Body("""{"url":"https://evil.example/hooks"}""")),
                    await api.PostAsync($"/v1/webhooks/{webhookId}/rotate_secret", null),
                    await api.GetAsync($"/v1/webhooks/{webhookId}/deliveries"),
                    await api.DeleteAsync($"/v1/webhooks/{webhookId}"),
                    await api.GetAsync($"/v1/events/{eventId}"),
                    await api.PostAsync($"/v1/events/{eventId}/retry", null),
                    await api.PostAsync($"/v1/events/{eventId}/retry", Json.Body(JsonSerializer.Serialize(new { webhook_id = webhookId }))),
                };
                Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
                var lists = await (await api.GetAsync("/v1/webhooks")).ReadJsonAsync();
                Assert.Equal(0, lists.GetProperty("webhooks").GetArrayLength());
                Assert.Equal(0, (await (await api.GetAsync("/v1/events")).ReadJsonAsync()).GetProperty("events").GetArrayLength());
            }
        }

        await _app.DeliverDueAsync();
        Assert.Equal(5, receiver.Received.Count); // no retry was triggered by the others
        var mine = await _merchant.GetWebhookAsync(webhookId);
        Assert.Equal(receiver.Url(), mine.Str("url"));
    }
}

public sealed class WebhooksApiTestsOnSqlite() : WebhooksApiTests(DatabaseProvider.Sqlite);
public sealed class WebhooksApiTestsOnPostgres() : WebhooksApiTests(DatabaseProvider.Postgres);
