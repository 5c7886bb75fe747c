using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Creates accounts and keys. Used by first-start bootstrap and the admin commands; there is
/// deliberately no HTTP endpoint for it.</summary>
public sealed class AccountStore(IUnitOfWork writes, CheckoutDb db, TimeProvider clock)
{
    public sealed record NewAccount(Account Account, string TestKey, string LiveKey);

    public Task<NewAccount> CreateAccountAsync(string name, string? testKey = null, string? liveKey = null, CancellationToken ct = default) =>
        writes.RunAsync((db, _) => Task.FromResult(Add(db, name, testKey, liveKey)), ct);

    /// <summary>Adds an account with its keys to the unit of work on <paramref name="db"/>.</summary>
    public NewAccount Add(CheckoutDb db, string name, string? testKey = null, string? liveKey = null)
    {
        var now = clock.GetUtcNow();
        var account = new Account { Id = ObjectId.New(ObjectId.Account, now), Name = name, CreatedAt = now.UtcDateTime };
        testKey ??= ApiKeys.Generate(testMode: true);
        liveKey ??= ApiKeys.Generate(testMode: false);
        db.Accounts.Add(account);
        db.ApiKeys.Add(ApiKeys.ToStored(testKey, account.Id, now.UtcDateTime));
        db.ApiKeys.Add(ApiKeys.ToStored(liveKey, account.Id, now.UtcDateTime));
        return new NewAccount(account, testKey, liveKey);
    }

    /// <summary>Adds a key to an existing account; null when there is no such account.</summary>
    public Task<string?> CreateKeyAsync(string accountId, bool testMode, CancellationToken ct = default) => writes.RunAsync(async (db, ct) =>
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return null;
        var key = ApiKeys.Generate(testMode);
        db.ApiKeys.Add(ApiKeys.ToStored(key, accountId, clock.GetUtcNow().UtcDateTime));
        return key;
    }, ct);

    public Task<List<Account>> ListAsync(CancellationToken ct = default) =>
        db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
}
