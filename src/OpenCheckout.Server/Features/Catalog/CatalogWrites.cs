using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>The catalog's writes, shared by the API's handlers and the dashboard's pages, so a change made either way is the
/// same change. New objects are built before the unit of work (their ids stay the same if it is run again) and added inside
/// it; changes run inside it, on the context it gives. A change to a product or a price also makes every node forget the
/// active prices it remembers (<see cref="ActivePrices.ForgetAfterCommit"/>): new sessions snapshot the product's name
/// and the price. Catalog changes record no events.</summary>
public sealed class CatalogWrites(ActivePrices prices)
{
    public static Product NewProduct(Merchant merchant, string name, DateTimeOffset now) => new()
    {
        Id = ObjectId.New(ObjectId.Product, now),
        AccountId = merchant.AccountId,
        TestMode = merchant.TestMode,
        Name = name,
        CreatedAt = now.UtcDateTime,
    };

    public static void AddProduct(CheckoutDb db, Product product) => db.Products.Add(product);

    /// <summary>The merchant's product, tracked, to change with <see cref="ChangeProduct"/>; null when it has none by that id.</summary>
    public static Task<Product?> FindProductAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        db.Products.OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);

    public void ChangeProduct(CheckoutDb db, Product product, IEnumerable<Action<Product>> changes)
    {
        foreach (var change in changes) change(product);
        prices.ForgetAfterCommit(db); // new sessions snapshot the product's name
    }

    /// <summary>Finds and changes the merchant's product; null when it has none by that id.</summary>
    public async Task<Product?> ChangeProductAsync(CheckoutDb db, Merchant merchant, string id, Action<Product> change, CancellationToken ct)
    {
        var product = await FindProductAsync(db, merchant, id, ct);
        if (product is not null) ChangeProduct(db, product, [change]);
        return product;
    }

    public static Price NewPrice(Merchant merchant, string productId, long unitAmount, string currency, string? description, bool active,
        Dictionary<string, string> metadata, DateTimeOffset now, Recurrence? recurrence = null, int? trialPeriodDays = null) => new()
    {
        Id = ObjectId.New(ObjectId.Price, now),
        AccountId = merchant.AccountId,
        TestMode = merchant.TestMode,
        ProductId = productId,
        UnitAmount = unitAmount,
        Currency = currency,
        Description = description,
        Active = active,
        Metadata = metadata,
        CreatedAt = now.UtcDateTime,
        Interval = recurrence?.Interval,
        IntervalCount = recurrence?.Count,
        TrialPeriodDays = recurrence is null ? null : trialPeriodDays,
    };

    /// <summary>Adds the price if its product is the merchant's; otherwise the API's 422 <c>product_not_found</c>, and nothing
    /// is added. A new price needs no forgetting: only prices found active are remembered.</summary>
    public static async Task<ApiError?> AddPriceAsync(CheckoutDb db, Merchant merchant, Price price, CancellationToken ct)
    {
        if (!await db.Products.OwnedBy(merchant).AnyAsync(p => p.Id == price.ProductId, ct)) return ApiErrors.ProductNotFound("product", price.ProductId);
        db.Prices.Add(price);
        return null;
    }

    /// <summary>The merchant's price, tracked, to change with <see cref="ChangePrice"/>; null when it has none by that id.</summary>
    public static Task<Price?> FindPriceAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        db.Prices.OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);

    public void ChangePrice(CheckoutDb db, Price price, Action<Price> change)
    {
        change(price);
        prices.ForgetAfterCommit(db); // new sessions snapshot the change
    }

    /// <summary>Finds and changes the merchant's price; null when it has none by that id.</summary>
    public async Task<Price?> ChangePriceAsync(CheckoutDb db, Merchant merchant, string id, Action<Price> change, CancellationToken ct)
    {
        var price = await FindPriceAsync(db, merchant, id, ct);
        if (price is not null) ChangePrice(db, price, change);
        return price;
    }

    public static Coupon NewCoupon(Merchant merchant, CouponTerms terms, DateTimeOffset now) =>
        terms.ToCoupon(ObjectId.New(ObjectId.Coupon, now), merchant.AccountId, merchant.TestMode, now.UtcDateTime);

    public static void AddCoupon(CheckoutDb db, Coupon coupon) => db.Coupons.Add(coupon);

    public static ShippingRate NewShippingRate(Merchant merchant, ShippingRateTerms terms, DateTimeOffset now) =>
        terms.ToShippingRate(ObjectId.New(ObjectId.ShippingRate, now), merchant.AccountId, merchant.TestMode, now.UtcDateTime);

    public static void AddShippingRate(CheckoutDb db, ShippingRate rate) => db.ShippingRates.Add(rate);

    /// <summary>Finds and changes the merchant's shipping rate; null when it has none by that id. A new session reads the
    /// rates it offers from the database (only active ones), so nothing remembered needs forgetting.</summary>
    public static async Task<ShippingRate?> ChangeShippingRateAsync(CheckoutDb db, Merchant merchant, string id, Action<ShippingRate> change,
        CancellationToken ct)
    {
        var rate = await db.ShippingRates.OwnedBy(merchant).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rate is not null) change(rate);
        return rate;
    }
}
