using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>The merchant dashboard at <c>/dashboard</c>: Razor Pages in Pages/Dashboard behind a sign-in cookie. Only
/// <c>/dashboard</c> requests run authentication, so the API's path is unchanged.</summary>
static class DashboardSetup
{
    public const string Scheme = "Dashboard";
    public const string Path = "/dashboard";
    public const string SignInPath = "/dashboard/sign-in";

    // Form posts only to itself; no inline script or style; never framed.
    const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DashboardUsers>();
        builder.Services.AddScoped<HomeDays>();
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "oc_dashboard";
            o.Cookie.Path = Path;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure on https (behind a proxy: X-Forwarded-Proto)
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        // Sign-in cookies expire by the server's clock, the one the rest of the server (and a test) keeps.
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        // PostConfigure: Razor Pages sets its own conventions up when it is added, after this may have run.
        builder.Services.PostConfigure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Dashboard");
            o.Conventions.AllowAnonymousToPage("/Dashboard/SignIn");
            o.Conventions.AddFolderApplicationModelConvention("/Dashboard", page => page.Filters.Add(new DashboardPermissionFilter()));
        });
    }

    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app)
    {
        // WebApplication puts UseAuthentication and UseAuthorization in front of every request when their services are
        // registered, unless the app has called them; here they are called on the dashboard's branch only (authorization
        // after authentication), which that check cannot see, so it is told.
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        app.Properties["__AuthorizationMiddlewareSet"] = true;
        return app.UseWhen(http => http.Request.Path.StartsWithSegments(Path), branch =>
        {
            branch.Use((http, next) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.CacheControl = "no-store";
                return next(http);
            });
            branch.UseAuthentication();
            branch.UseAuthorization();
        });
    }

    /// <summary>Every request: the cookie's user must still exist with the same security stamp (a new password, a new role
    /// or removal ends the sign-in on every node at once); the user, read fresh, is what the pages see.</summary>
    static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(StampClaim);
        var user = id is null || stamp is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<DashboardUsers>().FindSignedInAsync(id, stamp, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.HttpContext.Features.Set(user);
    }

    const string StampClaim = "oc:stamp";

    public static Task SignInAsync(HttpContext http, DashboardUser user) => http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(StampClaim, user.SecurityStamp)], Scheme)));
}
