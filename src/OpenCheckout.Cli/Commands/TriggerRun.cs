using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary>One trigger's state: the CLI, the edits, and the steps recipes share.</summary>
sealed class TriggerRun(CliContext cli, string type, RequestOverrides edits, bool wait, TimeSpan waitTimeout)
{
    public CliContext Cli => cli;
    public string Type => type;
    public bool Wait => wait;
    public string? LastSessionId { get; private set; }

    /// <summary>POSTs <paramref name="body"/>, edited by the overrides for <paramref name="resource"/>; the object inside the answer's envelope.</summary>
    public async Task<JsonNode> CreateAsync(string resource, string path, JsonObject body, CancellationToken ct)
    {
        var answer = await cli.Client.RawRequestAsync(HttpMethod.Post, path, edits.Apply(resource, body), ct: ct);
        return answer[resource] ?? throw new CliException($"The server's answer to POST /v1/{path} has no '{resource}'.", ExitCodes.Failed);
    }

    public async Task<CheckoutSession> CreateSessionAsync(bool manualCapture, CancellationToken ct, bool subscription = false, string? customer = null)
    {
        var price = await Fixtures.PriceAsync(cli, ct, recurring: subscription);
        var body = new JsonObject
        {
            ["line_items"] = new JsonArray(new JsonObject { ["price"] = price.PriceId, ["quantity"] = 1 }),
            ["success_url"] = SessionCommands.DefaultSuccessUrl,
            ["mode"] = subscription ? "subscription" : "payment",
            ["client_reference_id"] = "opencheckout-cli-trigger",
            ["metadata"] = new JsonObject { [Fixtures.TriggerKey] = type },
        };
        if (manualCapture) body["capture_method"] = "manual";
        if (customer is not null) body["customer"] = customer;
        var session = (await CreateAsync("checkout_session", "checkout/sessions", body, ct)).Deserialize(WireJson.Default.CheckoutSession)!;
        LastSessionId = session.Id;
        cli.Say($"Created checkout session {session.Id}{(manualCapture ? " (capture_method manual)" : subscription ? " (mode subscription)" : "")}.");
        return session;
    }

    /// <summary>A session paid with <paramref name="card"/> (default the succeeding test card).</summary>
    public async Task<CheckoutSession> PaidSessionAsync(string? card, CancellationToken ct, bool manualCapture = false)
    {
        var session = await CreateSessionAsync(manualCapture, ct);
        var paid = await cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = card }, ct: ct);
        cli.Say($"Paid it with {card ?? SessionCommands.DefaultCard}{(manualCapture ? ": authorized, not captured" : "")}.");
        return paid;
    }

    /// <summary>A subscription-mode session of the fixture's monthly price, paid: the subscription it started.</summary>
    public async Task<Subscription> SubscribedAsync(CancellationToken ct)
    {
        var session = await CreateSessionAsync(manualCapture: false, ct, subscription: true);
        var paid = await cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id, ct: ct);
        var subscription = await cli.Client.Subscriptions.GetAsync(paid.Subscription!, ct);
        cli.Say($"Paid it with {SessionCommands.DefaultCard}: subscription {subscription.SubscriptionId} started, invoice {subscription.LatestInvoice} paid.");
        return subscription;
    }

    /// <summary>A subscription of a customer on a new test clock, paid with the card that attaches and then declines off-session;
    /// the clock advanced past the first period, so the renewal is declined.</summary>
    public async Task<Subscription> RenewalDeclinedAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var clock = await cli.Client.TestClocks.CreateAsync(new CreateTestClockRequest { FrozenTime = now.ToUnixTimeSeconds(), Name = "opencheckout trigger" }, ct: ct);
        var customer = await cli.Client.Customers.CreateAsync(new CreateCustomerRequest($"trigger-{Guid.NewGuid():N}@example.com") { TestClock = clock.TestClockId }, ct: ct);
        cli.Say($"Created test clock {clock.TestClockId} and customer {customer.CustomerId} on it.");
        var session = await CreateSessionAsync(manualCapture: false, ct, subscription: true, customer.CustomerId);
        var paid = await cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id,
            new PayCheckoutSessionRequest { CardNumber = TriggerCommand.DeclinesOffSessionCard }, ct: ct);
        var subscription = await cli.Client.Subscriptions.GetAsync(paid.Subscription!, ct);
        var renewal = DateTimeOffset.FromUnixTimeSeconds(subscription.CurrentPeriodEnd).AddHours(1);
        await cli.Client.TestClocks.AdvanceAsync(clock.TestClockId, renewal, ct: ct);
        await cli.Client.TestClocks.WaitUntilReadyAsync(clock.TestClockId, ct: ct);
        cli.Say($"Paid it with {TriggerCommand.DeclinesOffSessionCard} and advanced the clock past the period's end: the renewal was declined.");
        return await cli.Client.Subscriptions.GetAsync(subscription.SubscriptionId, ct);
    }

    /// <summary>A session paid with the dispute card; with <paramref name="wait"/>, the dispute once it has opened.</summary>
    public async Task<Dispute?> DisputedAsync(bool wait, CancellationToken ct)
    {
        var session = await PaidSessionAsync(TriggerCommand.DisputedCard, ct);
        cli.Say("The dispute opens after the server's Disputes:Delay (30 s by default).");
        if (!wait) return null;
        Dispute? dispute = null;
        await WaitForAsync(async () =>
        {
            var page = await cli.Client.Disputes.ListAsync(new DisputeListOptions { CheckoutSession = session.Id, Limit = 1 }, ct);
            dispute = page.Data.FirstOrDefault();
            return dispute is not null;
        }, "a dispute to open (see the server's Disputes:Delay)", ct);
        cli.Say($"Dispute {dispute!.DisputeId} opened.");
        return dispute;
    }

    public async Task<Customer> CreateCustomerAsync(CancellationToken ct)
    {
        // One customer per email in a mode: a fresh address each time, unless an override sets one.
        var body = new JsonObject
        {
            ["email"] = $"trigger-{Guid.NewGuid():N}@example.com",
            ["first_name"] = "Test",
            ["last_name"] = "Customer",
            ["metadata"] = new JsonObject { [Fixtures.TriggerKey] = type },
        };
        var customer = (await CreateAsync("customer", "customers", body, ct)).Deserialize(WireJson.Default.Customer)!;
        cli.Say($"Created customer {customer.CustomerId} ({customer.Email}).");
        return customer;
    }

    public async Task WaitForAsync(Func<Task<bool>> done, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + waitTimeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new CliException($"Waited {waitTimeout.TotalSeconds:0} s for {what}; it did not happen.", ExitCodes.Failed);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
