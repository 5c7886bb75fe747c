using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>On the very first start (no accounts yet) creates a merchant and prints its keys once,
/// so `dotnet run` is enough to make the first API call.</summary>
static class DefaultMerchant
{
    /// <summary>Returns what to print, given the address the server listens on: the new keys and the first owner's password
    /// (only on the very first start) or how to make more.</summary>
    public static async Task<Func<string, string>> EnsureAsync(IServiceProvider services)
    {
        var output = new StringWriter();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountStore>();
        var users = scope.ServiceProvider.GetRequiredService<DashboardUsers>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Bootstrap;

        // One unit of work looks and creates, so concurrent first starts of several nodes on one database make one account.
        var (existing, created, owner) = await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().RunAsync(async (db, ct) =>
        {
            await db.LockUntilCommitAsync("default-merchant", ct);
            var first = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
            if (first is not null) return ((Account?)first, (AccountStore.NewAccount?)null, (DashboardUsers.Created?)null);
            var made = accounts.Add(db, options.MerchantName, options.TestKey, options.LiveKey);
            return (null, made, await users.AddAsync(db, made.Account.Id, options.OwnerEmail, DashboardRole.Owner, options.OwnerPassword, ct));
        });
        if (existing is not null)
        {
            output.WriteLine($"Merchant account: {existing.Name} ({existing.Id}). Its keys were printed when it was created;");
            output.WriteLine("  make another with: dotnet run --project src/OpenCheckout.Server -- keys create --account " + existing.Id);
            output.WriteLine($"Dashboard: {DashboardPlaceholder} (add a user with: ... -- users create --account {existing.Id} --email you@example.com --role owner)");
            return baseUrl => output.ToString().Replace(DashboardPlaceholder, baseUrl + "/dashboard");
        }
        output.WriteLine($"Created merchant account {created!.Account.Name} ({created.Account.Id}). Its keys are shown only now:");
        output.WriteLine($"  test key: {created.TestKey}");
        output.WriteLine($"  live key: {created.LiveKey}");
        if (owner is not null)
            output.WriteLine($"Dashboard: {DashboardPlaceholder} — sign in as {owner.User.Email} with password {owner.Password} (shown only now).");
        return baseUrl => output.ToString().Replace(DashboardPlaceholder, baseUrl + "/dashboard");
    }

    // The address is known only once the server listens, after the accounts are made.
    const string DashboardPlaceholder = "{dashboard}";
}
