using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenCheckout.Server.Pages.Home;

/// <summary><c>GET /</c>: where someone who opens the server's address lands, pointed at the API reference, the dashboard and
/// the documentation. Static: no data, no form, no script, under the strictest policy of the server's pages.</summary>
public sealed class IndexModel : PageModel
{
    const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public void OnGet()
    {
        var headers = Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
