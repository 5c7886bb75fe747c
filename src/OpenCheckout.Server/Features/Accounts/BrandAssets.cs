using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Accounts;

/// <summary>The hosted page's per-account assets, served by every node from the database: the brand stylesheet (the
/// page's CSP allows no inline style) and the logo. Their URLs name a content hash, so the current version is cached for
/// good; an old version's URL (a page rendered before a change) gets the current content, not cached.</summary>
static class BrandAssets
{
    const string Immutable = "public, max-age=31536000, immutable";
    const string Revalidate = "no-cache";

    public static void MapBrandAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pay/brand/{accountId}/{version}.css", Stylesheet).ExcludeFromDescription();
        app.MapGet("/pay/brand/{accountId}/logo/{version}", Logo).ExcludeFromDescription();
    }

    static async Task<IResult> Stylesheet(string accountId, string version, HttpContext http, CheckoutDb db, CancellationToken ct)
    {
        var color = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.BrandColor).FirstOrDefaultAsync(ct);
        if (color is null || !Brand.IsColor(color)) return NotFound(http);
        var css = Brand.Stylesheet(color);
        Cache(http, Brand.StylesheetVersion(color) == version);
        return Results.Text(css, "text/css; charset=utf-8");
    }

    static async Task<IResult> Logo(string accountId, string version, HttpContext http, CheckoutDb db, CancellationToken ct)
    {
        var logo = await db.AccountLogos.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == accountId, ct);
        if (logo is null) return NotFound(http);
        Cache(http, logo.Version == version);
        return Results.Bytes(logo.Data, logo.ContentType);
    }

    static void Cache(HttpContext http, bool current)
    {
        http.Response.Headers.CacheControl = current ? Immutable : Revalidate;
        http.Response.Headers.XContentTypeOptions = "nosniff";
    }

    static IResult NotFound(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.NotFound();
    }
}
