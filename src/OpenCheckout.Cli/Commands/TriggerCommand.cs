using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout trigger &lt;event&gt;</c>: makes the server emit a real event by doing what causes it (pay, expire,
/// decline, capture, cancel, refund, dispute, a customer change) through the API, as a merchant would, on fresh test objects.
/// The requests that create them are JSON, so <c>--override</c>/<c>--add</c>/<c>--remove</c> can edit any field generically.</summary>
static class TriggerCommand
{
    public const string Completed = "checkout.session.completed";
    public const string Expired = "checkout.session.expired";
    public const string PaymentFailed = "payment_intent.payment_failed";
    public const string DisputeCreated = "charge.dispute.created";
    public const string ChargeExpired = "charge.expired";

    public const string DeclinedCard = "4000000000000002";
    public const string DisputedCard = "4000000000000259";

    /// <summary>Evidence text the server's test mode decides as won (Stripe's convention; docs/compatibility.md "Disputes").</summary>
    public const string WinningEvidence = "winning_evidence";

    public static Command Create()
    {
        var eventType = new Argument<string>("event")
        {
            Description = "The event to cause: " + string.Join(", ", TriggerRecipes.Types) + ".",
            HelpName = "event",
        };
        eventType.AcceptOnlyFromAmong([.. TriggerRecipes.Types]);
        var wait = new Option<bool>("--wait")
        {
            Description = $"Dispute events: wait until the dispute has opened (after the server's Disputes:Delay) and, for "
                + "charge.dispute.funds_reinstated, until it is won (after Disputes:ReviewDelay).",
        };
        var waitTimeout = new Option<int>("--wait-timeout")
        {
            Description = "How long waiting for a dispute takes at most, in seconds.",
            DefaultValueFactory = _ => 120,
        };
        var overrides = new Option<string[]>("--override")
        {
            Description = "resource:path=value: set a field of the request that creates resource (e.g. checkout_session:metadata.order=42); repeatable.",
        };
        var adds = new Option<string[]>("--add") { Description = "resource:path=value: add a field to that request (as --override); repeatable." };
        var removes = new Option<string[]>("--remove") { Description = "resource:path: remove a field from that request; repeatable." };
        var trigger = new Command("trigger", "Test mode: cause an event on the server (run `opencheckout listen` alongside to receive it).")
        {
            eventType, wait, waitTimeout, overrides, adds, removes,
        };
        trigger.SetCliAction(async (cli, result, ct) =>
        {
            var type = result.GetValue(eventType)!;
            var edits = RequestOverrides.Parse(result.GetValue(overrides), result.GetValue(adds), result.GetValue(removes));
            var recipe = TriggerRecipes.For(type);
            edits.CheckResources(type, recipe.Resources);
            cli.RequireTestKey("trigger");
            var run = new TriggerRun(cli, type, edits, result.GetValue(wait), TimeSpan.FromSeconds(result.GetValue(waitTimeout)));
            var id = await recipe.Run(run, ct);
            if (cli.Json) cli.WriteRawJson();
            else cli.Out.WriteLine($"Trigger succeeded: {type} for {id}.");
            return ExitCodes.Ok;
        });
        return trigger;
    }
}

/// <summary>What causes each event type, and which requests (resources) it makes that overrides may edit.</summary>
static class TriggerRecipes
{
    public sealed record Recipe(IReadOnlyCollection<string> Resources, Func<TriggerRun, CancellationToken, Task<string>> Run);

    const string Session = "checkout_session";
    const string Customer = "customer";
    const string Refund = "refund";
    const string Dispute = "dispute";

    static readonly Recipe Paid = new([Session], async (run, ct) => (await run.PaidSessionAsync(null, ct)).Id);
    static readonly Recipe Declined = new([Session], DeclineAsync);
    static readonly Recipe Authorized = new([Session], async (run, ct) => (await run.PaidSessionAsync(null, ct, manualCapture: true)).Id);
    static readonly Recipe Refunded = new([Session, Refund], RefundAsync);
    static readonly Recipe Disputed = new([Session], async (run, ct) => await run.DisputedAsync(run.Wait, ct) is { } d ? d.DisputeId : run.LastSessionId!);

    static readonly Dictionary<string, Recipe> Recipes = new(StringComparer.Ordinal)
    {
        [TriggerCommand.Completed] = Paid,
        ["payment_intent.created"] = Paid,
        ["payment_intent.succeeded"] = Paid,
        ["charge.succeeded"] = Paid,
        [TriggerCommand.Expired] = new([Session], async (run, ct) =>
        {
            var session = await run.CreateSessionAsync(manualCapture: false, ct);
            await run.Cli.Client.CheckoutSessions.ExpireAsync(session.Id, ct: ct);
            run.Cli.Say("Expired it.");
            return session.Id;
        }),
        [TriggerCommand.PaymentFailed] = Declined,
        ["charge.failed"] = Declined,
        ["payment_intent.amount_capturable_updated"] = Authorized,
        ["charge.captured"] = new([Session], async (run, ct) =>
        {
            var session = await run.PaidSessionAsync(null, ct, manualCapture: true);
            await run.Cli.Client.CheckoutSessions.CaptureAsync(session.Id, ct: ct);
            run.Cli.Say("Captured it.");
            return session.Id;
        }),
        ["payment_intent.canceled"] = new([Session], async (run, ct) =>
        {
            var session = await run.PaidSessionAsync(null, ct, manualCapture: true);
            await run.Cli.Client.CheckoutSessions.CancelAsync(session.Id, ct: ct);
            run.Cli.Say("Canceled it: the authorization is released.");
            return session.Id;
        }),
        [TriggerCommand.ChargeExpired] = new([], (_, _) => throw new CliException(
            $"{TriggerCommand.ChargeExpired} cannot be caused promptly through the API: it is sent when a manual-capture authorization lapses "
            + "uncaptured, Captures:AuthorizationLifetime (7 days by default) after the payment. Run `opencheckout trigger "
            + "payment_intent.amount_capturable_updated` on a server whose OpenCheckout__Captures__AuthorizationLifetime is short (e.g. 00:01:00) "
            + "and wait; `trigger payment_intent.canceled` causes the cancel without the expiry.", ExitCodes.Failed)),
        ["charge.refunded"] = Refunded,
        ["charge.refund.updated"] = Refunded,
        ["refund.created"] = Refunded,
        ["refund.updated"] = Refunded,
        [TriggerCommand.DisputeCreated] = Disputed,
        ["charge.dispute.funds_withdrawn"] = Disputed,
        ["charge.dispute.updated"] = new([Session, Dispute], async (run, ct) =>
        {
            var dispute = (await run.DisputedAsync(wait: true, ct))!;
            await run.CreateAsync(Dispute, $"disputes/{Uri.EscapeDataString(dispute.DisputeId)}", new JsonObject
            {
                ["evidence"] = new JsonObject { ["product_description"] = "Staged by `opencheckout trigger`." },
                ["submit"] = false,
            }, ct);
            run.Cli.Say("Staged evidence on it (not submitted).");
            return dispute.DisputeId;
        }),
        ["charge.dispute.closed"] = new([Session], async (run, ct) =>
        {
            var dispute = (await run.DisputedAsync(wait: true, ct))!;
            await run.Cli.Client.Disputes.CloseAsync(dispute.DisputeId, ct: ct);
            run.Cli.Say("Closed it: the loss is accepted.");
            return dispute.DisputeId;
        }),
        ["charge.dispute.funds_reinstated"] = new([Session, Dispute], async (run, ct) =>
        {
            var dispute = (await run.DisputedAsync(wait: true, ct))!;
            await run.CreateAsync(Dispute, $"disputes/{Uri.EscapeDataString(dispute.DisputeId)}", new JsonObject
            {
                ["evidence"] = new JsonObject { ["uncategorized_text"] = TriggerCommand.WinningEvidence },
                ["submit"] = true,
            }, ct);
            run.Cli.Say($"Submitted evidence saying {TriggerCommand.WinningEvidence}; the server decides it won after Disputes:ReviewDelay (30 s by default).");
            if (run.Wait)
            {
                await run.WaitForAsync(async () => (await run.Cli.Client.Disputes.GetAsync(dispute.DisputeId, ct)).Status == "won",
                    "the dispute to be won (see the server's Disputes:ReviewDelay)", ct);
                run.Cli.Say("It is won: the funds are reinstated.");
            }
            return dispute.DisputeId;
        }),
        ["customer.created"] = new([Customer], async (run, ct) => (await run.CreateCustomerAsync(ct)).CustomerId),
        ["customer.updated"] = new([Customer], async (run, ct) =>
        {
            var customer = await run.CreateCustomerAsync(ct);
            await run.Cli.Client.Customers.UpdateAsync(customer.CustomerId, new UpdateCustomerRequest { Phone = "+15555550100" }, ct: ct);
            run.Cli.Say("Updated its phone number.");
            return customer.CustomerId;
        }),
        ["customer.deleted"] = new([Customer], async (run, ct) =>
        {
            var customer = await run.CreateCustomerAsync(ct);
            await run.Cli.Client.Customers.DeleteAsync(customer.CustomerId, ct);
            run.Cli.Say("Deleted it.");
            return customer.CustomerId;
        }),
    };

    /// <summary>Every type the server emits (its EventTypes.Emitted), but the dashboard's webhook.test, which goes to one endpoint only.</summary>
    public static IEnumerable<string> Types => Recipes.Keys;

    public static Recipe For(string type) => Recipes[type];

    static async Task<string> DeclineAsync(TriggerRun run, CancellationToken ct)
    {
        var session = await run.CreateSessionAsync(manualCapture: false, ct);
        try
        {
            await run.Cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = TriggerCommand.DeclinedCard }, ct: ct);
            throw new CliException($"The server accepted {TriggerCommand.DeclinedCard}; expected a decline.", ExitCodes.Failed);
        }
        catch (OpenCheckoutException e) when (e.StatusCode == HttpStatusCode.PaymentRequired)
        {
            run.Cli.Say($"Paid it with {TriggerCommand.DeclinedCard}: declined ({e.DeclineCode ?? e.Code}), payment intent {e.PaymentIntent}.");
        }
        return session.Id;
    }

    static async Task<string> RefundAsync(TriggerRun run, CancellationToken ct)
    {
        var session = await run.PaidSessionAsync(null, ct);
        var refund = await run.CreateAsync(Refund, "refunds", new JsonObject
        {
            ["payment_intent_id"] = session.PaymentIntent,
            ["reason"] = "requested_by_customer",
            ["metadata"] = new JsonObject { [Fixtures.TriggerKey] = run.Type },
        }, ct);
        var id = refund.Deserialize(WireJson.Default.Refund)!.Id;
        run.Cli.Say($"Refunded it: refund {id}.");
        return id;
    }
}

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

    public async Task<CheckoutSession> CreateSessionAsync(bool manualCapture, CancellationToken ct)
    {
        var price = await Fixtures.PriceAsync(cli, ct);
        var body = new JsonObject
        {
            ["line_items"] = new JsonArray(new JsonObject { ["price"] = price.PriceId, ["quantity"] = 1 }),
            ["success_url"] = SessionCommands.DefaultSuccessUrl,
            ["mode"] = "payment",
            ["client_reference_id"] = "opencheckout-cli-trigger",
            ["metadata"] = new JsonObject { [Fixtures.TriggerKey] = type },
        };
        if (manualCapture) body["capture_method"] = "manual";
        var session = (await CreateAsync("checkout_session", "checkout/sessions", body, ct)).Deserialize(WireJson.Default.CheckoutSession)!;
        LastSessionId = session.Id;
        cli.Say($"Created checkout session {session.Id}{(manualCapture ? " (capture_method manual)" : "")}.");
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
