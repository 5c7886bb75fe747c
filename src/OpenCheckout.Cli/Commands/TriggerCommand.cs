using System.CommandLine;
using System.Net;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout trigger &lt;event&gt;</c>: makes the server emit a real event by doing what causes it (pay, expire,
/// decline, dispute) on a fresh test session of a fixture product that is created once and found again by its metadata.</summary>
static class TriggerCommand
{
    public const string Completed = "checkout.session.completed";
    public const string Expired = "checkout.session.expired";
    public const string PaymentFailed = "payment_intent.payment_failed";
    public const string DisputeCreated = "charge.dispute.created";

    public const string DeclinedCard = "4000000000000002";
    public const string DisputedCard = "4000000000000259";

    public static Command Create()
    {
        var eventType = new Argument<string>("event")
        {
            Description = $"The event to cause: {Completed}, {Expired}, {PaymentFailed} or {DisputeCreated}.",
            HelpName = "event",
        };
        eventType.AcceptOnlyFromAmong(Completed, Expired, PaymentFailed, DisputeCreated);
        var wait = new Option<bool>("--wait") { Description = $"{DisputeCreated}: wait until the dispute has opened (after the server's Disputes:Delay)." };
        var waitTimeout = new Option<int>("--wait-timeout")
        {
            Description = "How long --wait waits, in seconds.",
            DefaultValueFactory = _ => 120,
        };
        var trigger = new Command("trigger", "Test mode: cause an event on the server (run `opencheckout listen` alongside to receive it).")
        {
            eventType, wait, waitTimeout,
        };
        trigger.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("trigger");
            var type = result.GetValue(eventType)!;
            var price = await Fixtures.PriceAsync(cli, ct);
            var session = await cli.Client.CheckoutSessions.CreateAsync(new CreateCheckoutSessionRequest(
                [new CheckoutLineItemRequest(price.PriceId, 1)], SessionCommands.DefaultSuccessUrl)
            {
                Mode = "payment",
                ClientReferenceId = "opencheckout-cli-trigger",
                Metadata = new Dictionary<string, string> { [Fixtures.TriggerKey] = type },
            }, ct: ct);
            cli.Say($"Created checkout session {session.Id}.");

            switch (type)
            {
                case Completed:
                    await cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest(), ct: ct);
                    cli.Say($"Paid it with {SessionCommands.DefaultCard}.");
                    break;
                case Expired:
                    await cli.Client.CheckoutSessions.ExpireAsync(session.Id, ct: ct);
                    cli.Say("Expired it.");
                    break;
                case PaymentFailed:
                    try
                    {
                        await cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = DeclinedCard }, ct: ct);
                        throw new CliException($"The server accepted {DeclinedCard}; expected a decline.", ExitCodes.Failed);
                    }
                    catch (OpenCheckoutException e) when (e.StatusCode == HttpStatusCode.PaymentRequired)
                    {
                        cli.Say($"Paid it with {DeclinedCard}: declined ({e.DeclineCode ?? e.Code}), payment intent {e.PaymentIntent}.");
                    }
                    break;
                case DisputeCreated:
                    await cli.Client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = DisputedCard }, ct: ct);
                    cli.Say($"Paid it with {DisputedCard}; the dispute opens after the server's Disputes:Delay (30 s by default).");
                    if (result.GetValue(wait))
                    {
                        var dispute = await WaitForDisputeAsync(cli, session.Id, TimeSpan.FromSeconds(result.GetValue(waitTimeout)), ct);
                        cli.Say($"Dispute {dispute.DisputeId} opened.");
                    }
                    break;
            }
            if (cli.Json) cli.WriteRawJson();
            else cli.Out.WriteLine($"Trigger succeeded: {type} for {session.Id}.");
            return ExitCodes.Ok;
        });
        return trigger;
    }

    static async Task<Dispute> WaitForDisputeAsync(CliContext cli, string sessionId, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var page = await cli.Client.Disputes.ListAsync(new DisputeListOptions { CheckoutSession = sessionId, Limit = 1 }, ct);
            if (page.Data.Count > 0) return page.Data[0];
            if (DateTime.UtcNow > deadline)
                throw new CliException($"No dispute opened within {timeout.TotalSeconds:0} s (see the server's Disputes:Delay).", ExitCodes.Failed);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}

/// <summary>The product and price every trigger sells: made on first use, then found again by the metadata tag
/// (two triggers racing on an empty account may both make one; either is used afterwards).</summary>
static class Fixtures
{
    public const string FixtureKey = "opencheckout_cli_fixture";
    public const string FixtureValue = "trigger";
    public const string TriggerKey = "opencheckout_cli_trigger";

    public static async Task<Price> PriceAsync(CliContext cli, CancellationToken ct)
    {
        var client = cli.Client;
        Product? product = null;
        await foreach (var candidate in client.Products.ListAutoPagingAsync(new ProductListOptions { Active = true, Limit = 100 }, ct))
            if (IsFixture(candidate.Metadata)) { product = candidate; break; }

        if (product is not null)
        {
            await foreach (var candidate in client.Prices.ListAutoPagingAsync(new PriceListOptions { Product = product.ProductId, Active = true, Limit = 100 }, ct))
                if (IsFixture(candidate.Metadata))
                {
                    cli.Say($"Using fixture price {candidate.PriceId} (product {product.ProductId}).");
                    return candidate;
                }
        }

        var tag = new Dictionary<string, string> { [FixtureKey] = FixtureValue };
        product ??= await client.Products.CreateAsync(new CreateProductRequest("OpenCheckout CLI test product")
        {
            Description = "Made by `opencheckout trigger`; reused by every trigger.",
            Metadata = tag,
        }, ct: ct);
        var price = await client.Prices.CreateAsync(new CreatePriceRequest(product.ProductId, 2000) { Currency = "usd", Metadata = tag }, ct: ct);
        cli.Say($"Created fixture price {price.PriceId} (product {product.ProductId}).");
        return price;
    }

    static bool IsFixture(IReadOnlyDictionary<string, string> metadata) => metadata.GetValueOrDefault(FixtureKey) == FixtureValue;
}
