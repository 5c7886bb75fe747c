using System.CommandLine;
using OpenCheckout.Server.Features.Dashboard;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Endpoint-free administration, run against the configured database:
/// <c>dotnet run --project src/OpenCheckout.Server -- accounts create --name "My shop"</c>.</summary>
static class AdminCommands
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "accounts" or "keys" or "users";

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

        var userAccount = new Option<string>("--account") { Description = "The account id (facct_...).", Required = true };
        var email = new Option<string>("--email") { Description = "The user's email, used to sign in.", Required = true };
        var role = new Option<string>("--role") { Description = "owner, admin, developer or viewer.", DefaultValueFactory = _ => DashboardRole.Owner };
        role.AcceptOnlyFromAmong(DashboardRole.All);
        var password = new Option<string?>("--password") { Description = $"At least {DashboardUsers.MinPasswordLength} characters; default: generated and printed." };
        var createUser = new Command("create", "Create a dashboard user for an account.") { userAccount, email, role, password };
        createUser.SetAction(async (result, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var accountId = result.GetValue(userAccount)!;
            if (result.GetValue(password) is { Length: < DashboardUsers.MinPasswordLength })
            {
                Console.Error.WriteLine($"The password must have at least {DashboardUsers.MinPasswordLength} characters.");
                return 1;
            }
            if (!(await scope.ServiceProvider.GetRequiredService<AccountStore>().ListAsync(ct)).Any(a => a.Id == accountId))
            {
                Console.Error.WriteLine($"No such account: {accountId}");
                return 1;
            }
            var created = await scope.ServiceProvider.GetRequiredService<DashboardUsers>()
                .CreateAsync(accountId, result.GetValue(email)!, result.GetValue(role)!, result.GetValue(password), ct);
            if (created is null)
            {
                Console.Error.WriteLine($"A user with email {result.GetValue(email)} already exists.");
                return 1;
            }
            Console.WriteLine($"user:     {created.User.Id} ({created.User.Email}, {created.User.Role})");
            if (result.GetValue(password) is null) Console.WriteLine($"password: {created.Password}");
            return 0;
        });

        var root = new RootCommand("OpenCheckout administration")
        {
            new Command("accounts", "Merchant accounts.") { createAccount, listAccounts },
            new Command("keys", "Secret API keys.") { createKey },
            new Command("users", "Dashboard users.") { createUser },
        };
        return await root.Parse(args).InvokeAsync();
    }
}
