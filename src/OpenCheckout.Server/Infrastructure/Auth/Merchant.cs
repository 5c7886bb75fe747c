using System.Reflection;

namespace OpenCheckout.Server.Infrastructure.Auth;

/// <summary>Who is calling: the account and mode of the API key. Every query is scoped by both.</summary>
public sealed record Merchant(string AccountId, bool TestMode)
{
    /// <summary>Minimal APIs bind it from what <see cref="ApiKeyMiddleware"/> put on the request.</summary>
    public static ValueTask<Merchant?> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult(http.Features.Get<Merchant>());
}
