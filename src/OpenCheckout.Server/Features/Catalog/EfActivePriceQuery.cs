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
        return await db.Prices.AsNoTracking()
            .Where(p => p.AccountId == merchant.AccountId && p.TestMode == merchant.TestMode && p.Active && ids.Contains(p.Id))
            .Join(db.Products, p => p.ProductId, product => product.Id,
                (p, product) => new ActivePrice(p.Id, p.ProductId, product.Name, p.UnitAmount, p.Currency, p.Description, p.Metadata, p.CreatedAt))
            .ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
    }
}
