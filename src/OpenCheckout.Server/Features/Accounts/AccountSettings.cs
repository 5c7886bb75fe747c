using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>What buyers see of an account: its public name, support email, brand colour and logo. Values reach it
/// checked (<see cref="Brand"/>'s rules); each change is one unit of work, so the hosted page sees all of it or none.</summary>
public sealed class AccountSettings(IUnitOfWork writes, CheckoutDb db, TimeProvider clock)
{
    public Task<Account?> FindAsync(string accountId, CancellationToken ct) =>
        db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);

    /// <summary>Sets name, support email (null: none) and brand colour (null: the default look).</summary>
    public Task<bool> SaveAsync(string accountId, string name, string? supportEmail, string? brandColor, CancellationToken ct)
    {
        if (!Brand.IsColor(brandColor ?? "#000000")) throw new ArgumentException("Not a #rrggbb colour.", nameof(brandColor));
        var color = brandColor?.ToLowerInvariant();
        return writes.RunAsync(async (db, ct) => await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u
            .SetProperty(a => a.Name, name)
            .SetProperty(a => a.SupportEmail, supportEmail)
            .SetProperty(a => a.BrandColor, color), ct) == 1, ct);
    }

    /// <summary>Replaces the logo with <paramref name="data"/>, which <see cref="Brand.SniffImage"/> recognised as
    /// <paramref name="contentType"/>.</summary>
    public Task SetLogoAsync(string accountId, byte[] data, string contentType, CancellationToken ct)
    {
        if (Brand.SniffImage(data) != contentType || data.Length > Brand.MaxLogoBytes) throw new ArgumentException("Not an accepted logo.", nameof(data));
        var version = Brand.Version(data);
        var now = clock.GetUtcNow().UtcDateTime;
        return writes.RunAsync(async (db, ct) =>
        {
            var logo = await db.AccountLogos.FirstOrDefaultAsync(l => l.AccountId == accountId, ct);
            if (logo is null)
                db.AccountLogos.Add(new AccountLogo { AccountId = accountId, ContentType = contentType, Data = data, Version = version, UpdatedAt = now });
            else
                (logo.ContentType, logo.Data, logo.Version, logo.UpdatedAt) = (contentType, data, version, now);
            await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.LogoVersion, version), ct);
            return version;
        }, ct);
    }

    public Task RemoveLogoAsync(string accountId, CancellationToken ct) => writes.RunAsync(async (db, ct) =>
    {
        await db.AccountLogos.Where(l => l.AccountId == accountId).ExecuteDeleteAsync(ct);
        return await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.LogoVersion, (string?)null), ct);
    }, ct);
}
