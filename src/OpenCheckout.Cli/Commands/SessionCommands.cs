using System.CommandLine;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout sessions ...</c>: checkout sessions, including paying a test session without a browser.</summary>
static class SessionCommands
{
    public const string DefaultSuccessUrl = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}";
    public const string DefaultCard = "4242424242424242";

    public static Command Sessions()
    {
        var paging = new PagingOptions();
        var status = new Option<string?>("--status") { Description = "Only sessions in this state." };
        status.AcceptOnlyFromAmong("open", "complete", "expired");
        var reference = new Option<string?>("--client-reference-id") { Description = "Only sessions with this client_reference_id." };
        var list = new Command("list", "List checkout sessions, newest first.") { status, reference };
        paging.AddTo(list);
        list.SetCliAction(async (cli, result, ct) =>
        {
            var options = paging.Apply(result, new CheckoutSessionListOptions { Status = result.GetValue(status), ClientReferenceId = result.GetValue(reference) });
            var page = await cli.Client.CheckoutSessions.ListAsync(options, ct);
            if (cli.Json) cli.WriteRawJson();
            else Render.Page(cli.Terminal, page.Data, page.HasMore, "checkout sessions", ["ID", "STATUS", "PAYMENT", "AMOUNT", "EMAIL", "CREATED"],
                s => [s.Id, s.Status, s.PaymentStatus, Render.Money(s.AmountTotal, s.Currency), s.CustomerDetails?.Email, Render.Time(s.Created)], s => s.Id);
            return ExitCodes.Ok;
        });

        var getId = CommandActions.IdArgument("checkout session");
        var get = new Command("get", "Show one checkout session and its line items.") { getId };
        get.SetCliAction(async (cli, result, ct) =>
        {
            Show(cli, await cli.Client.CheckoutSessions.GetAsync(result.GetValue(getId)!, ct));
            return ExitCodes.Ok;
        });

        return new Command("sessions", "Checkout sessions: create one, send the buyer to its url, check its status.")
        {
            list, get, Create(), Pay(), Expire(),
        };
    }

    static Command Create()
    {
        var prices = new Option<string[]>("--price")
        {
            Description = "A price to sell (fprice_...); repeat for more lines.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var quantities = new Option<long[]>("--quantity")
        {
            Description = "The quantity of each --price, in the same order; one value applies to every line (default 1).",
        };
        var successUrl = new Option<string>("--success-url")
        {
            Description = "Where the buyer lands after paying; {CHECKOUT_SESSION_ID} is replaced by the session id.",
            DefaultValueFactory = _ => DefaultSuccessUrl,
        };
        var cancelUrl = new Option<string?>("--cancel-url") { Description = "Where the hosted page's Cancel link goes." };
        var reference = new Option<string?>("--client-reference-id") { Description = "Your own id for this checkout, e.g. an order id." };
        var email = new Option<string?>("--customer-email") { Description = "Prefills the email field of the hosted page." };
        var metadata = CommandActions.MetadataOption();
        var create = new Command("create", "Create a checkout session and print its hosted-page url.")
        {
            prices, quantities, successUrl, cancelUrl, reference, email, metadata,
        };
        create.SetCliAction(async (cli, result, ct) =>
        {
            var priceIds = result.GetValue(prices)!;
            var counts = result.GetValue(quantities) ?? [];
            if (counts.Length > 1 && counts.Length != priceIds.Length)
                throw new CliException($"Give one --quantity for every --price ({priceIds.Length}), or a single one for all.");
            var lines = priceIds.Select((price, i) => new CheckoutLineItemRequest(price, counts.Length switch { 0 => 1, 1 => counts[0], _ => counts[i] }));
            var request = new CreateCheckoutSessionRequest(lines.ToList(), result.GetValue(successUrl)!)
            {
                CancelUrl = result.GetValue(cancelUrl),
                ClientReferenceId = result.GetValue(reference),
                CustomerEmail = result.GetValue(email),
                Metadata = CommandActions.Metadata(result.GetValue(metadata)),
                Mode = "payment",
            };
            Show(cli, await cli.Client.CheckoutSessions.CreateAsync(request, ct: ct));
            return ExitCodes.Ok;
        });
        return create;
    }

    static Command Pay()
    {
        var id = CommandActions.IdArgument("checkout session");
        var card = new Option<string>("--card")
        {
            Description = "The test card number: 4000000000000002 is declined, 4000000000000259 is disputed later (docs/test-cards.md).",
            DefaultValueFactory = _ => DefaultCard,
        };
        var email = new Option<string?>("--email") { Description = "The buyer's email (server default if omitted)." };
        var name = new Option<string?>("--name") { Description = "The cardholder's name." };
        var pay = new Command("pay", "Test mode: pay an open session headlessly, exactly as the hosted page would. A decline exits with 1.")
        {
            id, card, email, name,
        };
        pay.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("sessions pay");
            var request = new PayCheckoutSessionRequest
            {
                CardNumber = result.GetValue(card),
                Email = result.GetValue(email),
                Name = result.GetValue(name),
            };
            var session = await cli.Client.TestHelpers.PayCheckoutSessionAsync(result.GetValue(id)!, request, ct: ct);
            if (cli.Json) cli.WriteRawJson();
            else cli.Out.WriteLine($"Paid {session.Id}: {Render.Money(session.AmountTotal, session.Currency)}, status {session.Status}, "
                + $"payment intent {session.PaymentIntent}.");
            return ExitCodes.Ok;
        });
        return pay;
    }

    static Command Expire()
    {
        var id = CommandActions.IdArgument("checkout session");
        var expire = new Command("expire", "End an open session now (the buyer can no longer pay).") { id };
        expire.SetCliAction(async (cli, result, ct) =>
        {
            var session = await cli.Client.CheckoutSessions.ExpireAsync(result.GetValue(id)!, ct: ct);
            if (cli.Json) cli.WriteRawJson();
            else cli.Out.WriteLine($"Expired {session.Id}.");
            return ExitCodes.Ok;
        });
        return expire;
    }

    public static void Show(CliContext cli, CheckoutSession s)
    {
        if (cli.Json)
        {
            cli.WriteRawJson();
            return;
        }
        cli.Terminal.Write(Render.Details(
            ("id", s.Id), ("status", s.Status), ("payment status", s.PaymentStatus), ("amount total", Render.Money(s.AmountTotal, s.Currency)),
            ("customer email", s.CustomerDetails?.Email ?? s.Defaults?.Email), ("payment intent", s.PaymentIntent),
            ("client reference id", s.ClientReferenceId), ("metadata", Render.Metadata(s.Metadata)), ("url", s.Url),
            ("success url", s.SuccessUrl), ("cancel url", s.CancelUrl), ("created", Render.Time(s.Created)),
            ("expires", Render.Time(s.ExpiresAt)), ("test mode", Render.YesNo(s.TestMode))));
        cli.Terminal.Write(Render.List(s.LineItems, ["PRICE", "DESCRIPTION", "QUANTITY", "AMOUNT"],
            l => [l.Price.PriceId, l.Description, l.Quantity.ToString(), Render.Money(l.AmountTotal, l.Currency)]));
    }
}
