using System.Reflection;

namespace OpenCheckout.Server.Infrastructure.Auth;

/// <summary>Who is calling: the account and mode of the API key. Every query is scoped by both.</summary>
public sealed record Merchant(string AccountId, bool TestMode)
{
    /// <summary>Minimal APIs bind it from what <see cref="Features.Accounts.ApiKeyMiddleware"/> put on the request.</summary>
    public static ValueTask<Merchant?> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult(http.Features.Get<Merchant>());
}

/// <summary>The lookup id of the API key a request was authenticated by (set beside <see cref="Merchant"/>): what the API's
/// rate limit counts by, so each of an account's keys has its own.</summary>
public sealed record AuthenticatedKey(string LookupId);
