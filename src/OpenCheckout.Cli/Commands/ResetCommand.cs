using System.CommandLine;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout reset</c>: deletes every test-mode object of the key's account (<c>POST /v1/test_helpers/reset</c>).
/// It cannot be undone, so it asks first; where nobody can answer (a script, CI) it needs <c>--yes</c> rather than guessing.</summary>
static class ResetCommand
{
    public static Command Create()
    {
        var yes = new Option<bool>("--yes", "--force") { Description = "Do not ask for confirmation (needed where there is no terminal to ask on)." };
        var reset = new Command("reset", "Test mode: delete every test-mode object of the account (sessions, payments, customers, catalog, events); "
            + "never live data, API keys or webhook endpoints.") { yes };
        reset.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("reset");
            if (!result.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                    throw new CliException("`reset` deletes every test-mode object of the account and cannot be undone; there is no terminal to ask on, "
                        + "so confirm with --yes.");
                cli.Error.Write($"Delete every test-mode object of this account on {cli.BaseUrl}? This cannot be undone. [y/N] ");
                var answer = Console.ReadLine()?.Trim();
                if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
                {
                    cli.Error.WriteLine("Nothing deleted.");
                    return ExitCodes.Failed;
                }
            }
            var done = await cli.Client.TestHelpers.ResetTestDataAsync(ct: ct);
            if (cli.Json)
            {
                cli.WriteRawJson();
                return ExitCodes.Ok;
            }
            var d = done.Deleted;
            var counts = new (string Name, int Count)[]
            {
                ("checkout sessions", d.CheckoutSessions), ("payment intents", d.PaymentIntents), ("captures", d.Captures), ("refunds", d.Refunds),
                ("disputes", d.Disputes), ("customers", d.Customers), ("products", d.Products), ("prices", d.Prices), ("coupons", d.Coupons),
                ("shipping rates", d.ShippingRates), ("events", d.Events), ("webhook deliveries", d.WebhookDeliveries),
            };
            var named = counts.Where(c => c.Count > 0).Select(c => $"{c.Count} {c.Name}").ToList();
            cli.Out.WriteLine(done.Total == 0 ? "Nothing to delete: the account has no test-mode objects."
                : $"Deleted {done.Total} test-mode records{(named.Count > 0 ? ": " + string.Join(", ", named) : "")}.");
            return ExitCodes.Ok;
        });
        return reset;
    }
}
