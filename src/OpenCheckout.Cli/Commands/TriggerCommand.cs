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
    /// <summary>Attaches, then declines off-session (Stripe's 4000 0000 0000 0341): a subscription's renewal fails.</summary>
    public const string DeclinesOffSessionCard = "4000000000000341";

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
