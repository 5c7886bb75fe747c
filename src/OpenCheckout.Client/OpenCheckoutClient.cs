using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using OpenCheckout.Client.Http;
using OpenCheckout.Client.Resources;

namespace OpenCheckout.Client;

/// <summary>The OpenCheckout API. Register it with <c>services.AddOpenCheckout(o => { o.ApiKey = ...; o.BaseUrl = ...; })</c>
/// and inject it, or construct one yourself and keep it (it holds a connection pool). Thread-safe.</summary>
public sealed class OpenCheckoutClient : IDisposable
{
    readonly HttpClient? _ownedHttp;
    readonly ApiTransport _api;

    /// <summary>A client with its own connection pool and the same retries as the registered one.</summary>
    public OpenCheckoutClient(string apiKey, string baseUrl = "http://localhost:5000")
        : this(new OpenCheckoutClientOptions { ApiKey = apiKey, BaseUrl = baseUrl })
    {
    }

    /// <summary>A client with its own connection pool and the retries <paramref name="options"/> ask for.</summary>
    public OpenCheckoutClient(OpenCheckoutClientOptions options)
        : this(OwnHttpClient(options), options, ownsHttpClient: true)
    {
    }

    /// <summary>A client over your <paramref name="httpClient"/>, as it is: retries are whatever its handlers do (the
    /// Idempotency-Key is still sent). Its BaseAddress is not used; <see cref="OpenCheckoutClientOptions.BaseUrl"/> is.</summary>
    public OpenCheckoutClient(HttpClient httpClient, OpenCheckoutClientOptions options)
        : this(httpClient, options, ownsHttpClient: false)
    {
    }

    OpenCheckoutClient(HttpClient httpClient, OpenCheckoutClientOptions options, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var api = new ApiTransport(httpClient, options);
        _api = api;
        _ownedHttp = ownsHttpClient ? httpClient : null;
        Products = new(api);
        Prices = new(api);
        CheckoutSessions = new(api);
        PaymentLinks = new(api);
        PaymentIntents = new(api);
        Customers = new(api);
        Subscriptions = new(api);
        Invoices = new(api);
        Coupons = new(api);
        PromoCodes = new(api);
        ShippingRates = new(api);
        Refunds = new(api);
        Captures = new(api);
        Disputes = new(api);
        Webhooks = new(api);
        Events = new(api);
        TestHelpers = new(api);
        TestClocks = new(api);
    }

    public ProductsClient Products { get; }
    public PricesClient Prices { get; }
    public CheckoutSessionsClient CheckoutSessions { get; }
    public PaymentLinksClient PaymentLinks { get; }
    public PaymentIntentsClient PaymentIntents { get; }
    public CustomersClient Customers { get; }
    public SubscriptionsClient Subscriptions { get; }
    public InvoicesClient Invoices { get; }
    public CouponsClient Coupons { get; }
    public PromoCodesClient PromoCodes { get; }
    public ShippingRatesClient ShippingRates { get; }
    public RefundsClient Refunds { get; }
    public CapturesClient Captures { get; }
    public DisputesClient Disputes { get; }
    public WebhooksClient Webhooks { get; }
    public EventsClient Events { get; }
    public TestHelpersClient TestHelpers { get; }
    public TestClocksClient TestClocks { get; }

    /// <summary>Any API call as raw JSON, with the same key, Idempotency-Key, retries and errors (an
    /// <see cref="OpenCheckoutException"/>) as the typed calls: for fields or endpoints this SDK does not model yet.
    /// <paramref name="path"/> is relative to the API, with or without its <c>/v1/</c> (<c>"/v1/products"</c> or
    /// <c>"products"</c>); the answer is the response body as sent, envelope included.</summary>
    public Task<JsonNode> RawRequestAsync(HttpMethod method, string path, JsonNode? body = null, RequestOptions? requestOptions = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var relative = path.TrimStart('/');
        if (relative.StartsWith("v1/", StringComparison.Ordinal)) relative = relative[3..];
        return _api.SendRawAsync(method, relative, body, requestOptions, ct);
    }

    /// <summary>Disposes the connection pool if this client made it; a supplied HttpClient is left alone.</summary>
    public void Dispose() => _ownedHttp?.Dispose();

    static HttpClient OwnHttpClient(OpenCheckoutClientOptions options)
    {
        var retries = new ResilienceHandler(RetryPolicy.Build(options))
        {
            // Recycled connections pick up DNS changes, which IHttpClientFactory would otherwise do for us.
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) },
        };
        // The per-attempt timeout inside the retries governs; an overall one here would cut the retries short.
        return new HttpClient(retries) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
