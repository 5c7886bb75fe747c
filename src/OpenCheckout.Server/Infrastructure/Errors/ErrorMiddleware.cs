using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Errors;

/// <summary>Turns what escapes the endpoints into contract errors on the API: unknown routes, wrong
/// methods, protocol errors (oversized bodies) and unexpected exceptions, the latter logged once. A database that cannot
/// be reached is a 503 with <c>Retry-After</c> everywhere (the hosted page gets a page saying so), never a 500.</summary>
static class ErrorMiddleware
{
    const string RetryAfterSeconds = "2";

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var api = http.Request.Path.StartsWithSegments("/v1");
        try
        {
            await next(http);
            if (api && !http.Response.HasStarted && http.Response.StatusCode is 404 or 405)
            {
                var error = http.Response.StatusCode == 404
                    ? ApiErrors.UnknownRoute(http.Request.Method, http.Request.Path)
                    : ApiErrors.MethodNotAllowed(http.Request.Method, http.Request.Path);
                await error.WriteAsync(http);
            }
        }
        catch (BadHttpRequestException e) when (api && !http.Response.HasStarted)
        {
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiErrors.BodyTooLarge(http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenCheckoutOptions>>().Value.MaxRequestBodyBytes)
                : ApiErrors.MalformedJson(e.Message) with { Status = e.StatusCode };
            http.Response.Clear();
            await error.WriteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e.IsUnavailable())
        {
            var busy = e.GetBaseException() is WriteQueueFullException;
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenCheckout.Errors")
                .LogWarning("{What} on {Method} {Path} ({RequestId}): {Error}", busy ? "Write refused" : "Database unavailable",
                    http.Request.Method, http.Request.Path, http.TraceIdentifier, e.GetBaseException().Message);
            http.Response.Clear();
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
            await (api ? ApiErrors.ServiceUnavailable(busy).WriteAsync(http) : WriteUnavailablePageAsync(http));
        }
        catch (Exception e) when (api && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenCheckout.Errors")
                .LogError(e, "Unhandled error on {Method} {Path} ({RequestId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
            http.Response.Clear();
            await ApiErrors.Internal(http.TraceIdentifier).WriteAsync(http);
        }
    });

    /// <summary>The hosted page's answer while the database is away: the buyer learns nothing was charged.</summary>
    static Task WriteUnavailablePageAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync("""
            <!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Checkout unavailable</title>
            <p>Checkout is unavailable for a moment. Nothing was charged. Please reload this page in a few seconds.</p>
            """);
    }
}
