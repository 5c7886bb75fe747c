namespace OpenCheckout.Server.Pages.Checkout;

/// <summary>Security headers for the hosted page: no inline script, no framing (clickjacking on a
/// payment form), no caching of a page that holds buyer details, no referrer leaking the session id.</summary>
static class CheckoutPageHeaders
{
    // form-action allows any http(s) target because Chrome applies it to the 303 redirect to the merchant's success_url.
    const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>A live page of a Stripe account also admits Stripe's origins, and only those: its script, its API, its frames
    /// (the card fields and 3-D Secure; hooks.stripe.com hosts the latter when Stripe.js is Stripe's own).</summary>
    public static string WithStripe(string jsUrl, string apiBase)
    {
        var (js, api) = (new Uri(jsUrl).GetLeftPart(UriPartial.Authority), new Uri(apiBase).GetLeftPart(UriPartial.Authority));
        var frames = js == "https://js.stripe.com" ? $"{js} https://*.js.stripe.com https://hooks.stripe.com" : js;
        return $"default-src 'none'; script-src 'self' {js}; style-src 'self'; img-src 'self' data:; connect-src 'self' {api}; " +
            $"frame-src {frames}; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";
    }

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
