using System.CommandLine;
using OpenCheckout.Processors;

namespace OpenCheckout.Server.Features.Processors;

/// <summary><c>processor set | show | remove | check</c>: an account's live processor. Secrets come from the environment
/// (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET), not from arguments, which shells keep in their history and <c>ps</c> shows.</summary>
static class ProcessorCommands
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "processor";

    public static Task<int> RunAsync(IServiceProvider services, string[] args) =>
        new RootCommand("OpenCheckout administration") { Create(services) }.Parse(args).InvokeAsync();

    public const string SecretKeyVariable = "STRIPE_SECRET_KEY";
    public const string WebhookSecretVariable = "STRIPE_WEBHOOK_SECRET";

    static Command Create(IServiceProvider services)
    {
        Option<string> Account() => new("--account") { Description = "The account id (facct_...).", Required = true };

        var setAccount = Account();
        var publishable = new Option<string>("--publishable-key") { Description = "Stripe's publishable key (pk_live_...), given to Stripe.js on live pages.", Required = true };
        var set = new Command("set", $"Connect the account's live mode to Stripe. The secret key is read from {SecretKeyVariable}, the webhook signing secret from {WebhookSecretVariable}.")
        {
            setAccount, publishable,
        };
        set.SetAction(async (result, ct) =>
        {
            var secretKey = Environment.GetEnvironmentVariable(SecretKeyVariable);
            if (string.IsNullOrWhiteSpace(secretKey))
            {
                Console.Error.WriteLine($"Set {SecretKeyVariable} to the account's Stripe secret key (sk_live_...) first.");
                return 1;
            }
            var keys = new ProcessorSettings.Keys(secretKey.Trim(), result.GetValue(publishable)!.Trim(),
                Environment.GetEnvironmentVariable(WebhookSecretVariable)?.Trim() is { Length: > 0 } secret ? secret : null);
            if (ProcessorSettings.Problem(keys) is { } problem)
            {
                Console.Error.WriteLine(problem);
                return 1;
            }
            await using var scope = services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<ProcessorSettings>().SetStripeAsync(result.GetValue(setAccount)!, keys, ct))
            {
                Console.Error.WriteLine($"No such account: {result.GetValue(setAccount)}");
                return 1;
            }
            Console.WriteLine($"Live payments of {result.GetValue(setAccount)} now go through Stripe (secret key …{keys.SecretKey[^4..]}).");
            if (keys.WebhookSecret is null)
                Console.WriteLine($"No webhook signing secret given: Stripe's notices are refused until {WebhookSecretVariable} is set (docs/processors.md).");
            return 0;
        });

        var showAccount = Account();
        var show = new Command("show", "Show the account's live processor (never its secrets).") { showAccount };
        show.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var configured = await scope.ServiceProvider.GetRequiredService<ProcessorDirectory>().FindAsync(result.GetValue(showAccount)!, ct);
            if (configured is null)
            {
                Console.WriteLine("No live processor: live sessions are refused with processor_not_configured.");
                return 0;
            }
            Console.WriteLine($"processor:       {configured.Kind}");
            Console.WriteLine($"secret key:      …{configured.SecretKeyLast4}");
            Console.WriteLine($"publishable key: {configured.PublishableKey}");
            Console.WriteLine($"webhook secret:  {(configured.WebhookSecretProtected is null ? "not set" : "set")}");
            Console.WriteLine($"updated:         {configured.UpdatedAt:u}");
            return 0;
        });

        var removeAccount = Account();
        var remove = new Command("remove", "Disconnect the account's live processor: new live sessions are refused.") { removeAccount };
        remove.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var removed = await scope.ServiceProvider.GetRequiredService<ProcessorSettings>().RemoveAsync(result.GetValue(removeAccount)!, ct);
            Console.WriteLine(removed ? "Removed." : "The account had no live processor.");
            return 0;
        });

        var checkAccount = Account();
        var check = new Command("check", "Make a harmless authenticated call to the account's processor with its configured key.") { checkAccount };
        check.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var processor = await scope.ServiceProvider.GetRequiredService<ProcessorDirectory>().ForAsync(result.GetValue(checkAccount)!, testMode: false, ct);
            if (processor is null)
            {
                Console.Error.WriteLine("The account has no live processor: run `processor set` first.");
                return 1;
            }
            try
            {
                Console.WriteLine(await processor.CheckAsync(ct));
                return 0;
            }
            catch (Exception e) when (e is ProcessorRefusedException or ProcessorUnavailableException)
            {
                Console.Error.WriteLine($"The check failed: {e.Message}");
                return 1;
            }
        });

        return new Command("processor", "An account's live payment processor.") { set, show, remove, check };
    }
}
