namespace OpenCheckout.Server.Infrastructure.Errors;

/// <summary>Turns what escapes the endpoints into contract errors on the API: unknown routes, wrong
/// methods, protocol errors (oversized bodies) and unexpected exceptions, the latter logged once.</summary>
static class ErrorMiddleware
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/v1"))
        {
            await next(http);
            return;
        }
        try
        {
            await next(http);
            if (!http.Response.HasStarted && http.Response.StatusCode is 404 or 405)
            {
                var error = http.Response.StatusCode == 404
                    ? ApiErrors.UnknownRoute(http.Request.Method, http.Request.Path)
                    : ApiErrors.MethodNotAllowed(http.Request.Method, http.Request.Path);
                await error.WriteAsync(http);
            }
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiErrors.BodyTooLarge(http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenCheckoutOptions>>().Value.MaxRequestBodyBytes)
                : ApiErrors.MalformedJson(e.Message) with { Status = e.StatusCode };
            http.Response.Clear();
            await error.WriteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenCheckout.Errors")
                .LogError(e, "Unhandled error on {Method} {Path} ({RequestId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
            http.Response.Clear();
            await ApiErrors.Internal(http.TraceIdentifier).WriteAsync(http);
        }
    });
}
