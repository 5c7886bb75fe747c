using System.Security.Cryptography;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Gives every request an id, returned in the <c>Request-Id</c> header and used in logs.</summary>
static class RequestIdMiddleware
{
    const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var id = "req_" + RandomNumberGenerator.GetString(Alphabet, 24);
        http.TraceIdentifier = id;
        // Set when the response starts, so an error handler clearing headers cannot drop it.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers["Request-Id"] = id;
            return Task.CompletedTask;
        });
        return next(http);
    });
}
