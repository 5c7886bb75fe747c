using Microsoft.Extensions.Options;
using OpenCheckout.Client;

namespace Shop.Storefront;

/// <summary>Which OpenCheckout price "Buy" sells: the configured <see cref="ShopOptions.PriceId"/>, or else the price of
/// <see cref="ShopOptions.Product"/>, found by the SKU in its product's metadata or created on first use, so a fresh
/// server needs no setup. Remembered for the life of the process.</summary>
public sealed class ShopCatalog(IOptions<ShopOptions> options)
{
    const string SkuKey = "shop_sku";
    readonly SemaphoreSlim _finding = new(1, 1);
    string? _priceId;

    public async Task<string> PriceIdAsync(OpenCheckoutClient client, CancellationToken ct)
    {
        if (options.Value.PriceId is { Length: > 0 } configured) return configured;
        if (_priceId is { } known) return known;
        await _finding.WaitAsync(ct); // one lookup at a time, so two first buyers do not create two products
        try
        {
            return _priceId ??= await FindOrCreateAsync(client, options.Value.Product, ct);
        }
        finally
        {
            _finding.Release();
        }
    }

    static async Task<string> FindOrCreateAsync(OpenCheckoutClient client, ProductOptions wanted, CancellationToken ct)
    {
        await foreach (var product in client.Products.ListAutoPagingAsync(new() { Active = true, Limit = 100 }, ct))
        {
            if (product.Metadata.GetValueOrDefault(SkuKey) != wanted.Sku) continue;
            await foreach (var price in client.Prices.ListAutoPagingAsync(new() { Product = product.ProductId, Active = true, Limit = 100 }, ct))
                if (price.UnitAmount == wanted.UnitAmount && price.Currency == wanted.Currency) return price.PriceId;
        }

        // Amount and currency of a price never change, so a changed UnitAmount gets a new price (on a new product here).
        var created = await client.Products.CreateAsync(new(wanted.Name)
        {
            Description = wanted.Description,
            Metadata = new Dictionary<string, string> { [SkuKey] = wanted.Sku },
        }, ct: ct);
        var newPrice = await client.Prices.CreateAsync(new(created.ProductId, wanted.UnitAmount) { Currency = wanted.Currency }, ct: ct);
        return newPrice.PriceId;
    }
}
