using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>Authenticates every /v1 request by its secret key (<c>Authorization: Bearer fsk_...</c>, or
/// HTTP Basic with the key as user name, as curl's <c>-u fsk_test_...:</c> sends it).</summary>
static class ApiKeyMiddleware
{
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
        var verified = services.GetRequiredService<VerifiedKeys>();
        var usage = services.GetRequiredService<ApiKeyUsage>();
        var keyHash = Convert.ToHexString(ApiKeys.Hash(presented));
        if (verified.Find(keyHash) is { } cached)
        {
            usage.Note(cached.KeyId);
            return cached.Merchant;
        }

        var generation = verified.Generation;
        var db = services.GetRequiredService<CheckoutDb>();
        var stored = await db.ApiKeys.AsNoTracking().Where(k => k.Id == parsed.LookupId).FirstOrDefaultAsync(ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (stored is null || !stored.WorksAt(now) || stored.TestMode != parsed.TestMode || !ApiKeys.Matches(presented, stored.SecretHash)) return null;

        var merchant = new Merchant(stored.AccountId, stored.TestMode);
        verified.Remember(keyHash, merchant, stored, generation);
        usage.Note(stored.Id);
        return merchant;
    }
}
