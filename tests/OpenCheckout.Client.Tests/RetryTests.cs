using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>Retries over real HTTP: a flaky proxy in front of the real server drops answers, resets connections and
/// asks to come back later; the server's idempotency makes the retried POSTs safe.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    readonly ServerApp _app = new();
    string _apiKey = null!;
    OpenCheckoutClient _direct = null!;

    public async Task InitializeAsync()
    {
        _apiKey = await _app.CreateTestKeyAsync();
        _direct = new OpenCheckoutClient(_apiKey, _app.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _direct.Dispose();
        await _app.DisposeAsync();
    }

    OpenCheckoutClient Through(FlakyProxy proxy, int maxRetries = 2) => new(new OpenCheckoutClientOptions
    {
        ApiKey = _apiKey,
        BaseUrl = proxy.BaseUrl,
        MaxRetries = maxRetries,
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
    });

    [Fact]
    public async Task Post_WhoseAnswerIsLostAs503_IsRetriedWithTheSameKey_AndCreatesOnce()
    {
        // The first attempt reaches the server and creates the product; the proxy then drops the answer and says 503.
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, async (attempt, context, self) =>
        {
            if (attempt != 1) return false;
            (await self.ForwardAsync(context)).Dispose();
            return await FlakyProxy.ErrorAsync(context, 503, retryAfter: "0");
        });
        using var client = Through(proxy);

        var product = await client.Products.CreateAsync(new CreateProductRequest("Retried mug"));

        Assert.Equal(2, proxy.Attempts.Count);
        Assert.All(proxy.Attempts, a => Assert.Equal("POST", a.Method));
        Assert.False(string.IsNullOrEmpty(proxy.Attempts[0].IdempotencyKey));
        Assert.Equal(proxy.Attempts[0].IdempotencyKey, proxy.Attempts[1].IdempotencyKey);
        Assert.Equal([null, "true"], proxy.Replayed); // the second answer is the first one, replayed
        var stored = (await _direct.Products.ListAsync(new ProductListOptions { Limit = 100 })).Data.Where(p => p.Name == "Retried mug");
        Assert.Equal(product.ProductId, Assert.Single(stored).ProductId);
    }

    [Fact]
    public async Task ConnectionReset_IsRetried()
    {
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, (attempt, context, _) =>
        {
            if (attempt != 1) return Task.FromResult(false);
            context.Abort();
            return Task.FromResult(true);
        });
        using var client = Through(proxy);

        var product = await client.Products.CreateAsync(new CreateProductRequest("After a reset"));

        Assert.Equal(2, proxy.Attempts.Count);
        Assert.Equal(proxy.Attempts[0].IdempotencyKey, proxy.Attempts[1].IdempotencyKey);
        Assert.Equal(product.ProductId, (await _direct.Products.GetAsync(product.ProductId)).ProductId);
    }

    [Fact]
    public async Task RateLimited_WaitsForRetryAfter()
    {
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, (attempt, context, _) =>
            attempt == 1 ? FlakyProxy.ErrorAsync(context, 429, retryAfter: "1", "rate_limit_error", "rate_limited") : Task.FromResult(false));
        using var client = Through(proxy);

        await client.Products.CreateAsync(new CreateProductRequest("Patient"));

        var attempts = proxy.Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {attempts[1].At - attempts[0].At}");
    }

    [Fact]
    public async Task RetryAfter_IsCappedAtMaxRetryDelay()
    {
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, (attempt, context, _) =>
            attempt == 1 ? FlakyProxy.ErrorAsync(context, 503, retryAfter: "3600") : Task.FromResult(false));
        using var client = new OpenCheckoutClient(new OpenCheckoutClientOptions
        {
            ApiKey = _apiKey, BaseUrl = proxy.BaseUrl, MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        });

        var watch = Stopwatch.StartNew();
        await client.Products.ListAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(2, proxy.Attempts.Count);
    }

    [Fact]
    public async Task Get_IsRetried_WithoutAnIdempotencyKey()
    {
        var session = await _direct.CreateSessionAsync((await _direct.CreatePriceAsync()).PriceId);
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, (attempt, context, _) =>
            attempt == 1 ? FlakyProxy.ErrorAsync(context, 502, retryAfter: null) : Task.FromResult(false));
        using var client = Through(proxy);

        Assert.Equal(session.Id, (await client.CheckoutSessions.GetAsync(session.Id)).Id);
        Assert.Equal(2, proxy.Attempts.Count);
        Assert.All(proxy.Attempts, a => Assert.Null(a.IdempotencyKey));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 3)]
    public async Task PersistentFailure_GivesUpAfterMaxRetries_WithTheLastError(int maxRetries, int expectedAttempts)
    {
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, (_, context, _) => FlakyProxy.ErrorAsync(context, 503, retryAfter: "0"));
        using var client = Through(proxy, maxRetries);

        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => client.Products.CreateAsync(new CreateProductRequest("Never")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("api_error", error.Type);
        Assert.Equal("unavailable", error.Code);
        Assert.Equal("req_proxy0000000000000000", error.RequestId);
        Assert.Equal(expectedAttempts, proxy.Attempts.Count);
        Assert.Single(proxy.Attempts.Select(a => a.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task ClientError_IsNotRetried()
    {
        await using var proxy = await FlakyProxy.StartAsync(_app.BaseUrl, (_, _, _) => Task.FromResult(false));
        using var client = Through(proxy);

        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => client.CreateSessionAsync("fprice_unknown"));

        Assert.Equal("price_not_found", error.Code);
        Assert.Single(proxy.Attempts);
    }

    [Fact]
    public async Task NoServer_IsAnApiConnectionError()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        using var client = new OpenCheckoutClient(new OpenCheckoutClientOptions
        {
            ApiKey = _apiKey, BaseUrl = $"http://127.0.0.1:{port}", InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<OpenCheckoutException>(() => client.Products.ListAsync());

        Assert.Equal("api_connection_error", error.Type);
        Assert.Equal("connection_failed", error.Code);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task ExplicitIdempotencyKey_ReplaysTheFirstResult()
    {
        var options = new RequestOptions { IdempotencyKey = "order-1001-product" };
        var first = await _direct.Products.CreateAsync(new CreateProductRequest("Once"), options);
        var second = await _direct.Products.CreateAsync(new CreateProductRequest("Once"), options);

        Assert.Equal(first.ProductId, second.ProductId);
    }
}
