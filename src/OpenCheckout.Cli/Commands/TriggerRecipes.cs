using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

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

    static readonly Recipe Subscribed = new([Session], async (run, ct) => (await run.SubscribedAsync(ct)).SubscriptionId);

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
        ["customer.subscription.created"] = Subscribed,
        ["invoice.created"] = Subscribed,
        ["invoice.finalized"] = Subscribed,
        ["invoice.paid"] = Subscribed,
        ["invoice.payment_succeeded"] = Subscribed,
        ["invoice.payment_failed"] = new([Session], async (run, ct) => (await run.RenewalDeclinedAsync(ct)).SubscriptionId),
        ["customer.subscription.updated"] = new([Session], async (run, ct) =>
        {
            var subscription = await run.SubscribedAsync(ct);
            await run.Cli.Client.Subscriptions.UpdateAsync(subscription.SubscriptionId, new UpdateSubscriptionRequest { CancelAtPeriodEnd = true }, ct: ct);
            run.Cli.Say("Set it to cancel at the end of its period.");
            return subscription.SubscriptionId;
        }),
        ["customer.subscription.deleted"] = new([Session], async (run, ct) =>
        {
            var subscription = await run.SubscribedAsync(ct);
            await run.Cli.Client.Subscriptions.CancelAsync(subscription.SubscriptionId, ct);
            run.Cli.Say("Canceled it.");
            return subscription.SubscriptionId;
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
