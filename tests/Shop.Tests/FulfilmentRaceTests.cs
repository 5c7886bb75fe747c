using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Orders;

namespace Shop.Tests;

/// <summary>One server, one webhook endpoint whose deliveries the test holds, one shop configured with that endpoint's
/// secret; shared by the repetitions (each buys its own session).</summary>
public sealed class RaceSetup : IAsyncLifetime
{
    public CheckoutServer Server { get; private set; } = null!;
    public HeldDeliveries Deliveries { get; private set; } = null!;
    public ShopApp Shop { get; private set; } = null!;
    public string WebhookId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = new CheckoutServer();
        Deliveries = await HeldDeliveries.StartAsync();
        using var client = Server.Client();
        var endpoint = await client.Webhooks.CreateAsync(new(Deliveries.Url.ToString(), ["checkout.session.completed"]));
        WebhookId = endpoint.WebhookId;
        Shop = new ShopApp(Server.BaseAddress, Server.TestKey, endpoint.SigningSecret);
    }

    public async Task DisposeAsync()
    {
        await Shop.DisposeAsync();
        await Deliveries.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>The redirect and the webhook reaching the shop at the same moment, with a refresh (or a second tab) and a
/// redelivery on top: exactly one order, every time.</summary>
public sealed class FulfilmentRaceTests(RaceSetup setup) : IClassFixture<RaceSetup>
{
    public static TheoryData<int> Repetitions => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Repetitions))]
    public async Task RedirectAndWebhookAtOnce_RecordExactlyOneOrder(int repetition)
    {
        var (sessionId, _) = await setup.Shop.BuyAsync();
        var held = setup.Deliveries.Expect(sessionId);
        await SignedEvents.PayAsync(setup.Server, sessionId, $"race{repetition}@example.com");
        // The server's real delivery, signed by its dispatcher, held until everyone is ready.
        var delivery = await held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await setup.Shop.CountOrdersAsync(sessionId));

        using var http = setup.Shop.Http();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<HttpResponseMessage> OnStart(Func<Task<HttpResponseMessage>> send)
        {
            await start.Task;
            return await send();
        }
        var redirects = new[]
        {
            OnStart(() => http.GetAsync($"/success?session_id={sessionId}")),
            OnStart(() => http.GetAsync($"/success?session_id={sessionId}")), // the refresh, or a second tab
        };
        var webhooks = new[]
        {
            OnStart(() => http.SendAsync(delivery.ToShop())),
            OnStart(() => http.SendAsync(delivery.ToShop())), // a redelivery of the same event
        };
        start.SetResult();
        var redirectResponses = await Task.WhenAll(redirects);
        var webhookResponses = await Task.WhenAll(webhooks);
        held.Answer.SetResult((int)webhookResponses[0].StatusCode);

        Assert.All(redirectResponses.Concat(webhookResponses), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var pages = await Task.WhenAll(redirectResponses.Select(r => r.Content.ReadAsStringAsync()));
        var answers = await Task.WhenAll(webhookResponses.Select(SignedEvents.ReadAnswerAsync));
        var recordedHere = pages.Count(p => !p.Contains("This order was already processed"))
            + answers.Count(a => !a.GetProperty("already_processed").GetBoolean());
        Assert.Equal(1, recordedHere);
        Assert.All(pages, p => Assert.Contains($"<dt>Email</dt><dd>race{repetition}@example.com</dd>", p));
        Assert.Single(answers.Select(a => a.GetProperty("order_id").GetInt64()).Distinct());
        Assert.Equal(1, await setup.Shop.CountOrdersAsync(sessionId));
        await ServerRecordedSuccessAsync(JsonDocument.Parse(delivery.Body).RootElement.GetProperty("event_id").GetString()!);
    }

    [Fact]
    public async Task FulfilAsync_ManyAtOnceFromTwoProcessesOnOneFile_RecordsOneOrder()
    {
        var (sessionId, _) = await setup.Shop.BuyAsync();
        await SignedEvents.PayAsync(setup.Server, sessionId);
        using var client = setup.Server.Client();
        var session = await client.CheckoutSessions.GetAsync(sessionId);
        var shopStore = setup.Shop.Services.GetRequiredService<OrderStore>();
        // A second store on the same file, as a second instance of the shop would have.
        var otherStore = new OrderStore(Options.Create(new ShopOptions { DatabasePath = setup.Shop.DatabasePath }),
            setup.Shop.Services.GetRequiredService<IHostEnvironment>(), TimeProvider.System, NullLogger<OrderStore>.Instance);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 40).Select(async i =>
        {
            await start.Task;
            return await (i % 2 == 0 ? shopStore : otherStore).FulfilAsync(session, i % 4 < 2 ? OrderStore.FromRedirect : OrderStore.FromWebhook);
        }).ToArray();
        start.SetResult();
        var fulfilments = await Task.WhenAll(attempts);

        Assert.Single(fulfilments, f => !f.AlreadyProcessed);
        Assert.Single(fulfilments.Select(f => f.Order.Id).Distinct());
        Assert.Equal(1, await setup.Shop.CountOrdersAsync(sessionId));
    }

    async Task ServerRecordedSuccessAsync(string eventId)
    {
        using var client = setup.Server.Client();
        await Wait.ForAsync(async () =>
        {
            var attempts = await client.Webhooks.ListDeliveriesAsync(setup.WebhookId, new() { EventId = eventId });
            return attempts.Data.FirstOrDefault(a => a.Succeeded);
        }, $"the server to record the shop's 2xx for {eventId}");
    }
}
