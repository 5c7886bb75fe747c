using System.Security.Cryptography;
using System.Text;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>The API reference at <c>/docs</c>: Scalar's page and its assets, served from the package (no CDN), under a CSP
/// of its own. Scalar's page starts itself with an inline module script, so the page gets a fresh nonce on each request,
/// written into its script tags; Scalar sets styles inline, hence <c>style-src 'unsafe-inline'</c> here and nowhere else
/// (the hosted page keeps its strict policy).</summary>
static class ApiReferencePage
{
    public const string Path = "/docs";

    public static IApplicationBuilder UseApiReferenceHeaders(this IApplicationBuilder app) => app.UseWhen(
        http => http.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Assets (scalar.js, favicon.svg...) pass as they are; only the page itself, which has no extension, is rewritten.
            if (System.IO.Path.HasExtension(http.Request.Path.Value))
            {
                await next(http);
                return;
            }
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            headers.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            var body = http.Response.Body;
            using var page = new MemoryStream();
            http.Response.Body = page;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = body;
            }
            var html = Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length);
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                html = html.Replace("<script", $"<script nonce=\"{nonce}\"", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(html);
            http.Response.ContentLength = bytes.Length;
            await body.WriteAsync(bytes, http.RequestAborted);
        }));
}
