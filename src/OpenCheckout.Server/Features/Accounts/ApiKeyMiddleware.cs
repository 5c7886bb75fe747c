using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Authenticates every /v1 request by its secret key (<c>Authorization: Bearer fsk_...</c>, or
/// HTTP Basic with the key as user name, as curl's <c>-u fsk_test_...:</c> sends it).</summary>
static class ApiKeyMiddleware
{
    // A verified key is remembered briefly so the hot path skips the lookup; revocation takes effect within this time.
    static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.UseWhen(
        http => http.Request.Path.StartsWithSegments("/v1"),
        branch => branch.Use(async (http, next) =>
        {
            var presented = PresentedKey(http.Request);
            if (presented is null)
            {
                await ApiErrors.MissingApiKey().WriteAsync(http);
                return;
            }
            var merchant = await AuthenticateAsync(http.RequestServices, presented, http.RequestAborted);
            if (merchant is null)
            {
                await ApiErrors.InvalidApiKey().WriteAsync(http);
                return;
            }
            http.Features.Set(merchant);
            http.Features.Set(new AuthenticatedKey(ApiKeys.Parse(presented)!.Value.LookupId));
            await next(http);
        }));

    static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                return decoded.Split(':')[0];
            }
            catch (FormatException)
            {
                return "";
            }
        }
        return null;
    }

    static async Task<Merchant?> AuthenticateAsync(IServiceProvider services, string presented, CancellationToken ct)
    {
        if (ApiKeys.Parse(presented) is not { } parsed) return null;
        var cache = services.GetRequiredService<IMemoryCache>();
        var cacheKey = "apikey:" + Convert.ToHexString(ApiKeys.Hash(presented));
        if (cache.TryGetValue(cacheKey, out Merchant? cached)) return cached;

        var db = services.GetRequiredService<CheckoutDb>();
        var stored = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == parsed.LookupId && k.RevokedAt == null)
            .Select(k => new { k.AccountId, k.TestMode, k.SecretHash })
            .FirstOrDefaultAsync(ct);
        if (stored is null || stored.TestMode != parsed.TestMode || !ApiKeys.Matches(presented, stored.SecretHash)) return null;

        var merchant = new Merchant(stored.AccountId, stored.TestMode);
        cache.Set(cacheKey, merchant, CacheFor);
        return merchant;
    }
}
