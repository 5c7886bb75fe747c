using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenCheckout.Client;

namespace Shop.Storefront;

/// <summary>Which OpenCheckout prices the shop sells: for "Buy", the configured <see cref="ShopOptions.PriceId"/> or else the
/// price of <see cref="ShopOptions.Product"/>; for "Join", the recurring price of <see cref="ShopOptions.Membership"/>. Each is
/// found by the SKU in its product's metadata or created on first use, so a fresh server needs no setup, and remembered for
/// the life of the process.</summary>
public sealed class ShopCatalog(IOptions<ShopOptions> options)
{
    const string SkuKey = "shop_sku";
    readonly SemaphoreSlim _finding = new(1, 1);
    readonly ConcurrentDictionary<string, string> _priceIds = new();

    public Task<string> PriceIdAsync(OpenCheckoutClient client, CancellationToken ct) =>
        options.Value.PriceId is { Length: > 0 } configured ? Task.FromResult(configured) : FindAsync(client, options.Value.Product, ct);

    public Task<string> MembershipPriceIdAsync(OpenCheckoutClient client, CancellationToken ct) => FindAsync(client, options.Value.Membership, ct);

    async Task<string> FindAsync(OpenCheckoutClient client, ProductOptions wanted, CancellationToken ct)
    {
        if (_priceIds.TryGetValue(wanted.Sku, out var known)) return known;
        await _finding.WaitAsync(ct); // one lookup at a time, so two first buyers do not create two products
        try
        {
            return _priceIds.TryGetValue(wanted.Sku, out known) ? known : _priceIds[wanted.Sku] = await FindOrCreateAsync(client, wanted, ct);
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
                if (price.UnitAmount == wanted.UnitAmount && price.Currency == wanted.Currency && price.Recurring?.Interval == wanted.Interval)
                    return price.PriceId;
        }

        // Amount, currency and interval of a price never change, so a changed one gets a new price (on a new product here).
        var created = await client.Products.CreateAsync(new(wanted.Name)
        {
            Description = wanted.Description,
            Metadata = new Dictionary<string, string> { [SkuKey] = wanted.Sku },
        }, ct: ct);
        var newPrice = await client.Prices.CreateAsync(new(created.ProductId, wanted.UnitAmount)
        {
            Currency = wanted.Currency,
            Recurring = wanted.Interval is { } interval ? new() { Interval = interval } : null,
        }, ct: ct);
        return newPrice.PriceId;
    }
}
