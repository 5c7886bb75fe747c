using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>On the very first start (no accounts yet) creates a merchant and prints its keys once,
/// so `dotnet run` is enough to make the first API call.</summary>
static class DefaultMerchant
{
    /// <summary>Returns what to print: the new keys (only on the very first start) or how to make more.</summary>
    public static async Task<string> EnsureAsync(IServiceProvider services)
    {
        var output = new StringWriter();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountStore>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Bootstrap;

        // One unit of work looks and creates, so concurrent first starts of several nodes on one database make one account.
        var (existing, created) = await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().RunAsync(async (db, ct) =>
        {
            await db.LockUntilCommitAsync("default-merchant", ct);
            var first = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
            return first is not null ? (first, null) : ((Account?)null, accounts.Add(db, options.MerchantName, options.TestKey, options.LiveKey));
        });
        if (existing is not null)
        {
            output.WriteLine($"Merchant account: {existing.Name} ({existing.Id}). Its keys were printed when it was created;");
            output.WriteLine("  make another with: dotnet run --project src/OpenCheckout.Server -- keys create --account " + existing.Id);
            return output.ToString();
        }
        output.WriteLine($"Created merchant account {created!.Account.Name} ({created.Account.Id}). Its keys are shown only now:");
        output.WriteLine($"  test key: {created.TestKey}");
        output.WriteLine($"  live key: {created.LiveKey}");
        return output.ToString();
    }
}
