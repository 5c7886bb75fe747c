using OpenCheckout.Client.Http;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Resources;

/// <summary><c>/v1/products</c></summary>
public sealed class ProductsClient
{
    readonly ApiTransport _api;

    internal ProductsClient(ApiTransport api) => _api = api;

    public async Task<Product> CreateAsync(CreateProductRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("products", request, ClientJson.Default.CreateProductRequest, WireJson.Default.ProductEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Product;

    public async Task<Product> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"products/{Uri.EscapeDataString(id)}", null, WireJson.Default.ProductEnvelope, ct).ConfigureAwait(false)).Product;

    public async Task<Product> UpdateAsync(string id, UpdateProductRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PatchAsync($"products/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdateProductRequest,
            WireJson.Default.ProductEnvelope, requestOptions, ct).ConfigureAwait(false)).Product;

    public async Task<ListPage<Product>> ListAsync(ProductListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("products", (options ?? new()).ToQuery(), WireJson.Default.ProductList, ct).ConfigureAwait(false);
        return new(list.Products, list.HasMore);
    }

    /// <summary>Every product from <paramref name="options"/>' cursor on, newest first, fetching pages as they are consumed.</summary>
    public IAsyncEnumerable<Product> ListAutoPagingAsync(ProductListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, p => p.ProductId, ct);
}

/// <summary><c>/v1/prices</c></summary>
public sealed class PricesClient
{
    readonly ApiTransport _api;

    internal PricesClient(ApiTransport api) => _api = api;

    public async Task<Price> CreateAsync(CreatePriceRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("prices", request, ClientJson.Default.CreatePriceRequest, WireJson.Default.PriceEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Price;

    public async Task<Price> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"prices/{Uri.EscapeDataString(id)}", null, WireJson.Default.PriceEnvelope, ct).ConfigureAwait(false)).Price;

    public async Task<Price> UpdateAsync(string id, UpdatePriceRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync($"prices/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdatePriceRequest,
            WireJson.Default.PriceEnvelope, requestOptions, ct).ConfigureAwait(false)).Price;

    public async Task<ListPage<Price>> ListAsync(PriceListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("prices", (options ?? new()).ToQuery(), WireJson.Default.PriceList, ct).ConfigureAwait(false);
        return new(list.Prices, list.HasMore);
    }

    public IAsyncEnumerable<Price> ListAutoPagingAsync(PriceListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, p => p.PriceId, ct);
}

/// <summary><c>/v1/coupons</c></summary>
public sealed class CouponsClient
{
    readonly ApiTransport _api;

    internal CouponsClient(ApiTransport api) => _api = api;

    public async Task<Coupon> CreateAsync(CreateCouponRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("coupons", request, ClientJson.Default.CreateCouponRequest, WireJson.Default.CouponEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Coupon;

    public async Task<Coupon> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"coupons/{Uri.EscapeDataString(id)}", null, WireJson.Default.CouponEnvelope, ct).ConfigureAwait(false)).Coupon;

    public async Task<ListPage<Coupon>> ListAsync(CouponListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("coupons", (options ?? new()).ToQuery(), WireJson.Default.CouponList, ct).ConfigureAwait(false);
        return new(list.Coupons, list.HasMore);
    }

    public IAsyncEnumerable<Coupon> ListAutoPagingAsync(CouponListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, c => c.CouponId, ct);
}

/// <summary><c>/v1/promo_codes</c>: codes buyers type on the hosted page of a session with <c>AllowPromotionCodes</c>.</summary>
public sealed class PromoCodesClient
{
    readonly ApiTransport _api;

    internal PromoCodesClient(ApiTransport api) => _api = api;

    /// <summary>A 409 <c>promo_code_exists</c> (an <see cref="OpenCheckoutException"/>) names the active code spelt the same, in any case.</summary>
    public async Task<PromoCode> CreateAsync(CreatePromoCodeRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("promo_codes", request, ClientJson.Default.CreatePromoCodeRequest, WireJson.Default.PromoCodeEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).PromoCode;

    public async Task<PromoCode> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"promo_codes/{Uri.EscapeDataString(id)}", null, WireJson.Default.PromoCodeEnvelope, ct).ConfigureAwait(false)).PromoCode;

    public async Task<PromoCode> UpdateAsync(string id, UpdatePromoCodeRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PatchAsync($"promo_codes/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdatePromoCodeRequest,
            WireJson.Default.PromoCodeEnvelope, requestOptions, ct).ConfigureAwait(false)).PromoCode;

    public async Task<ListPage<PromoCode>> ListAsync(PromoCodeListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("promo_codes", (options ?? new()).ToQuery(), WireJson.Default.PromoCodeList, ct).ConfigureAwait(false);
        return new(list.PromoCodes, list.HasMore);
    }

    public IAsyncEnumerable<PromoCode> ListAutoPagingAsync(PromoCodeListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, p => p.PromoCodeId, ct);
}

/// <summary><c>/v1/shipping_rates</c></summary>
public sealed class ShippingRatesClient
{
    readonly ApiTransport _api;

    internal ShippingRatesClient(ApiTransport api) => _api = api;

    public async Task<ShippingRate> CreateAsync(CreateShippingRateRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("shipping_rates", request, ClientJson.Default.CreateShippingRateRequest, WireJson.Default.ShippingRateEnvelope,
            requestOptions, ct).ConfigureAwait(false)).ShippingRate;

    public async Task<ShippingRate> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"shipping_rates/{Uri.EscapeDataString(id)}", null, WireJson.Default.ShippingRateEnvelope, ct).ConfigureAwait(false))
            .ShippingRate;

    public async Task<ListPage<ShippingRate>> ListAsync(ShippingRateListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("shipping_rates", (options ?? new()).ToQuery(), WireJson.Default.ShippingRateList, ct).ConfigureAwait(false);
        return new(list.ShippingRates, list.HasMore);
    }

    public IAsyncEnumerable<ShippingRate> ListAutoPagingAsync(ShippingRateListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, r => r.ShippingRateId, ct);
}
