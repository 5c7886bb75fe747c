using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Catalog;

static class CatalogSetup
{
    public static void AddCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ActivePrices>();
        builder.Services.AddSingleton<IExpansion, ProductExpansion>();
        builder.Services.AddSingleton<CatalogWrites>();
        builder.AddPerProvider<IActivePriceQuery, SqliteActivePriceQuery, EfActivePriceQuery>(ServiceLifetime.Singleton);
    }

    public static void MapCatalog(this IEndpointRouteBuilder v1)
    {
        v1.MapProducts();
        v1.MapPrices();
        v1.MapCoupons();
        v1.MapPromoCodes();
        v1.MapShippingRates();
    }
}
