using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Creates accounts and keys. Used by first-start bootstrap and the admin commands; there is
/// deliberately no HTTP endpoint for it.</summary>
public sealed class AccountStore(IUnitOfWork writes, CheckoutDb db, TimeProvider clock, VerifiedKeys verified)
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

    /// <summary>The account's keys in one mode, newest first (revoked and expired ones too, for the record).</summary>
    public Task<List<ApiKey>> KeysAsync(string accountId, bool testMode, CancellationToken ct = default) =>
        db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId && k.TestMode == testMode).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);

    /// <summary>Revokes the key now, on every node (their caches forget it when this commits); false when the account has
    /// no such working key.</summary>
    public Task<bool> RevokeKeyAsync(string accountId, string keyId, CancellationToken ct = default) => writes.RunAsync(async (db, ct) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await db.ApiKeys.Where(k => k.AccountId == accountId && k.Id == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now), ct);
        verified.ForgetAfterCommit(db);
        return revoked == 1;
    }, ct);

    /// <summary>Makes a new key in the old one's mode and lets the old one work for <paramref name="overlap"/> more (zero:
    /// it stops now). Null when the account has no such working key.</summary>
    public Task<string?> RollKeyAsync(string accountId, string keyId, TimeSpan overlap, CancellationToken ct = default) => writes.RunAsync(async (db, ct) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var old = await db.ApiKeys.FirstOrDefaultAsync(k => k.AccountId == accountId && k.Id == keyId && k.RevokedAt == null, ct);
        if (old is null || !old.WorksAt(now)) return null;
        old.ExpiresAt = now + overlap;
        if (overlap <= TimeSpan.Zero) old.RevokedAt = now;
        var key = ApiKeys.Generate(old.TestMode);
        db.ApiKeys.Add(ApiKeys.ToStored(key, accountId, now));
        verified.ForgetAfterCommit(db);
        return key;
    }, ct);

    public Task<List<Account>> ListAsync(CancellationToken ct = default) =>
        db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
}
