using System.Diagnostics;
using OpenCheckout.Server.Infrastructure.Auth;

namespace OpenCheckout.Server.Features.RequestLog;

/// <summary>Notes every /v1 request whose API key was accepted, once it has been answered: time, method, path (never the
/// query string), final status, the <c>Request-Id</c> it was answered with, and latency. It sits outside the API's error
/// handling, so the status is the one the client got (a 500, 503 or 429 included); the key is known by then, because the
/// key middleware further in put the <see cref="Merchant"/> on the request. A request without a valid key belongs to no
/// account and is not logged.</summary>
static class RequestLogMiddleware
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenCheckoutOptions>>().Value.RequestLog;
        if (!options.Enabled) return app;
        var worker = app.ApplicationServices.GetRequiredService<RequestLogWorker>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/v1"))
            {
                await next(http);
                return;
            }
            var at = clock.GetUtcNow();
            var started = Stopwatch.GetTimestamp();
            var failed = false;
            try
            {
                await next(http);
            }
            catch
            {
                failed = true; // escaped the error handling (the answer had started): the client saw a failure
                throw;
            }
            finally
            {
                if (http.Features.Get<Merchant>() is { } merchant)
                {
                    var path = http.Request.PathBase.HasValue ? (http.Request.PathBase + http.Request.Path).Value! : http.Request.Path.Value!;
                    var method = http.Request.Method;
                    worker.Enqueue(new LoggedRequest(merchant.AccountId, merchant.TestMode, at,
                        method.Length > RequestLogEntry.MethodLength ? method[..RequestLogEntry.MethodLength] : method,
                        path.Length > RequestLogEntry.PathLength ? path[..RequestLogEntry.PathLength] : path,
                        failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode,
                        http.TraceIdentifier is { Length: > 0 and <= RequestLogEntry.RequestIdLength } id ? id : null,
                        (int)Math.Min(int.MaxValue, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds))));
                }
            }
        });
    }
}
