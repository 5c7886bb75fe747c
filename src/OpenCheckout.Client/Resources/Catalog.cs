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
