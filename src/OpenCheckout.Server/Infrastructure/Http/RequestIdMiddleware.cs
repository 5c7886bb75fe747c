namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Gives every request an id, returned in the <c>Request-Id</c> header and used in logs.</summary>
static class RequestIdMiddleware
{
    const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Not a secret, only unique: Random's generator is enough, and RandomNumberGenerator asked the OS (OpenSSL)
        // once per character, a visible share of a GET.
        var id = string.Create(28, 0, static (chars, _) =>
        {
            "req_".CopyTo(chars);
            Random.Shared.GetItems(Alphabet, chars[4..]);
        });
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
