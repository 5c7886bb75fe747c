namespace OpenCheckout.Client;

/// <summary>Settings of an <see cref="OpenCheckoutClient"/>: set through <c>services.AddOpenCheckout(o => ...)</c>
/// or passed to its constructor.</summary>
public sealed class OpenCheckoutClientOptions
{
    /// <summary>The secret key, <c>fsk_test_...</c> or <c>fsk_...</c>. Required.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Where the server listens, e.g. <c>https://checkout.example.com</c>; <c>/v1</c> is added by the client
    /// (a base URL that already ends in <c>/v1</c> works too).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>How often a call is retried after a network error, a timeout, a 408, a 429 or a 5xx (0 turns retries
    /// off). Every POST and PATCH carries an <c>Idempotency-Key</c> that its retries reuse, so a retry never creates twice.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones double it, with jitter. A <c>Retry-After</c> header wins over it.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No retry waits longer than this, whatever <c>Retry-After</c> asks for.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one attempt may take before it is abandoned (and retried, if retries remain).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for retry delays and for the timestamp check of webhook signatures.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal Uri ApiBase()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
            throw new InvalidOperationException("OpenCheckoutClientOptions.ApiKey is required (fsk_test_... or fsk_...).");
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"OpenCheckoutClientOptions.BaseUrl must be an absolute http(s) URL, not '{BaseUrl}'.");
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.Ordinal)) path = path[..^3];
        return new UriBuilder(uri) { Path = path + "/v1/", Query = "", Fragment = "" }.Uri;
    }
}

/// <summary>Per-call settings.</summary>
public sealed record RequestOptions
{
    /// <summary>The <c>Idempotency-Key</c> to send instead of a random one, e.g. derived from your order id so that a
    /// call repeated after your own process restarts is not applied twice either.</summary>
    public string? IdempotencyKey { get; set; }
}
