namespace OpenCheckout.Server.Pages.Checkout;

/// <summary>Security headers for the hosted page: no inline script, no framing (clickjacking on a
/// payment form), no caching of a page that holds buyer details, no referrer leaking the session id.</summary>
static class CheckoutPageHeaders
{
    // form-action allows any http(s) target because Chrome applies it to the 303 redirect to the merchant's success_url.
    const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseCheckoutPageHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/pay"))
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (!http.Request.Path.StartsWithSegments("/pay/c") && !http.Request.Path.StartsWithSegments("/pay/i")) return next(http);
            // Pages with the form get "no-cache, no-store" from anti-forgery (which warns if it must override ours);
            // the others (paid, expired, not found, invoices) get no-store here, as the response starts.
            http.Response.OnStarting(() =>
            {
                if (string.IsNullOrEmpty(http.Response.Headers.CacheControl)) http.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        }
        return next(http);
    });
}
