using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>Active prices through EF Core, on any provider (PostgreSQL's path). Read only when <see cref="ActivePrices"/>
/// does not remember them.</summary>
sealed class EfActivePriceQuery(IServiceScopeFactory scopes) : IActivePriceQuery
{
    public async ValueTask<Dictionary<string, ActivePrice>> ReadAsync(Merchant merchant, List<string> ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var prices = await db.Prices.AsNoTracking()
            .Where(p => p.AccountId == merchant.AccountId && p.TestMode == merchant.TestMode && p.Active && ids.Contains(p.Id))
            .Join(db.Products, p => p.ProductId, product => product.Id,
                (p, product) => new { p.Id, p.ProductId, product.Name, p.UnitAmount, p.Currency, p.Description, p.CreatedAt, p.Interval,
                    p.IntervalCount, p.TrialPeriodDays })
            .ToListAsync(ct);
        return prices.ToDictionary(p => p.Id,
            p => new ActivePrice(p.Id, p.ProductId, p.Name, p.UnitAmount, p.Currency, ActivePrice.Snapshot(p.Description), p.CreatedAt,
                p.Interval is { } interval ? new Recurrence(interval, p.IntervalCount ?? 1) : null, p.TrialPeriodDays), StringComparer.Ordinal);
    }
}
