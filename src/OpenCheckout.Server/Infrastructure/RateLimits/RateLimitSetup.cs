using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Infrastructure.RateLimits;

/// <summary>ASP.NET Core's rate limiter, per node (docs/security.md): API requests per key (token bucket), and the hosted
/// page's form posts per session and per client address (card testing), payment link visits counting with the latter. A
/// refused request is a 429 with Retry-After, in the contract's error shape on the API.</summary>
static class RateLimitSetup
{
    public static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(OpenCheckoutOptions.Section).Get<OpenCheckoutOptions>() ?? new();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.ForwardedHeaders.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        builder.Services.AddRateLimiter(options =>
        {
            var limits = settings.RateLimits;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(ApiKeys(limits), PagePostsPerSession(limits), PagePostsPerAddress(limits));
            options.OnRejected = RejectAsync;
        });
    }

    /// <summary>First of all: the client address (and scheme) a known proxy saw replaces the proxy's own.</summary>
    public static void UseKnownProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.ForwardedHeaders.KnownProxies.Count > 0)
            app.UseForwardedHeaders();
    }

    /// <summary>After the API key middleware (the API's limit is per authenticated key), before anything is read or written.</summary>
    public static void UseRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.RateLimits.Enabled) app.UseRateLimiter();
    }

    /// <summary>The client address the hosted page's limit counts: the proxy's view of it when the proxy is known.</summary>
    static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    static PartitionedRateLimiter<HttpContext> ApiKeys(OpenCheckoutOptions.RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            http.Features.Get<AuthenticatedKey>() is { } key
                ? RateLimitPartition.GetTokenBucketLimiter("key:" + key.LookupId, _ => Bucket(limits.ApiBurst, limits.ApiRequestsPerSecond, TimeSpan.FromSeconds(1)))
                : RateLimitPartition.GetNoLimiter(""));

    static PartitionedRateLimiter<HttpContext> PagePostsPerSession(OpenCheckoutOptions.RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => PagePost(http) is { } sessionId
            ? RateLimitPartition.GetTokenBucketLimiter("page:" + sessionId,
                _ => Bucket(limits.PagePostsPerMinutePerSession, limits.PagePostsPerMinutePerSession, TimeSpan.FromMinutes(1)))
            : RateLimitPartition.GetNoLimiter(""));

    static PartitionedRateLimiter<HttpContext> PagePostsPerAddress(OpenCheckoutOptions.RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => PagePost(http) is not null || IsLinkVisit(http)
            ? RateLimitPartition.GetTokenBucketLimiter("address:" + ClientAddress(http),
                _ => Bucket(limits.PagePostsPerMinutePerAddress, limits.PagePostsPerMinutePerAddress, TimeSpan.FromMinutes(1)))
            : RateLimitPartition.GetNoLimiter(""));

    /// <summary><paramref name="burst"/> at once, then <paramref name="rate"/> per <paramref name="per"/>, refilled in small steps
    /// (about ten a second at most) rather than all at once: a client that spent its burst gets a steady rate, not a pulse.</summary>
    static TokenBucketRateLimiterOptions Bucket(int burst, int rate, TimeSpan per)
    {
        rate = Math.Max(1, rate);
        var tokensPerStep = Math.Max(1, (int)Math.Ceiling(rate / (per.TotalSeconds * 10)));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokensPerStep,
            ReplenishmentPeriod = per * tokensPerStep / rate,
            QueueLimit = 0,
        };
    }

    /// <summary>A GET of a payment link (<c>/pay/l/{id}</c>): it may make a session, so it spends the address's page budget
    /// as a form post does. A HEAD writes nothing and is not counted.</summary>
    static bool IsLinkVisit(HttpContext http) => HttpMethods.IsGet(http.Request.Method) && http.Request.Path.StartsWithSegments("/pay/l");

    /// <summary>The session or invoice id of a hosted page form post (<c>POST /pay/c/{id}</c>, <c>POST /pay/i/{id}</c>); null for
    /// anything else.</summary>
    static string? PagePost(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return null;
        if (!http.Request.Path.StartsWithSegments("/pay/c", out var rest) && !http.Request.Path.StartsWithSegments("/pay/i", out rest)) return null;
        var id = rest.Value?.Trim('/');
        return string.IsNullOrEmpty(id) || id.Contains('/') ? null : id;
    }

    static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString();
        if (http.Request.Path.StartsWithSegments("/v1"))
        {
            await ApiErrors.RateLimited(retryAfter).WriteAsync(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync($"Too many attempts on this checkout page. Nothing was charged by the refused attempt; try again in {retryAfter} seconds.", ct);
    }
}
