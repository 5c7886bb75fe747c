using System.CommandLine;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Endpoint-free administration, run against the configured database:
/// <c>dotnet run --project src/OpenCheckout.Server -- accounts create --name "My shop"</c>.</summary>
static class AdminCommands
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "accounts" or "keys";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var name = new Option<string>("--name") { Description = "The merchant's name, shown on the hosted page.", Required = true };
        var createAccount = new Command("create", "Create a merchant account with a test and a live key.") { name };
        createAccount.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<AccountStore>().CreateAccountAsync(result.GetValue(name)!, ct: ct);
            Console.WriteLine($"account:  {created.Account.Id} ({created.Account.Name})");
            Console.WriteLine($"test key: {created.TestKey}");
            Console.WriteLine($"live key: {created.LiveKey}");
            return 0;
        });

        var listAccounts = new Command("list", "List merchant accounts.");
        listAccounts.SetAction(async (_, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            foreach (var account in await scope.ServiceProvider.GetRequiredService<AccountStore>().ListAsync(ct))
                Console.WriteLine($"{account.Id}  {account.Name}");
            return 0;
        });

        var account = new Option<string>("--account") { Description = "The account id (facct_...).", Required = true };
        var live = new Option<bool>("--live") { Description = "Create a live key instead of a test key." };
        var createKey = new Command("create", "Create another secret key for an account (shown once).") { account, live };
        createKey.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var key = await scope.ServiceProvider.GetRequiredService<AccountStore>()
                .CreateKeyAsync(result.GetValue(account)!, !result.GetValue(live), ct);
            if (key is null)
            {
                Console.Error.WriteLine($"No such account: {result.GetValue(account)}");
                return 1;
            }
            Console.WriteLine(key);
            return 0;
        });

        var root = new RootCommand("OpenCheckout administration")
        {
            new Command("accounts", "Merchant accounts.") { createAccount, listAccounts },
            new Command("keys", "Secret API keys.") { createKey },
        };
        return await root.Parse(args).InvokeAsync();
    }
}
