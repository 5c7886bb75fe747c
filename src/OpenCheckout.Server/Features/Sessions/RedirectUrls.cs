namespace OpenCheckout.Server.Features.Sessions;

public static class RedirectUrls
{
    /// <summary>Replaces <c>{CHECKOUT_SESSION_ID}</c>, also URL-encoded, with the session id.</summary>
    public static string WithSessionId(string url, string sessionId) => url
        .Replace("{CHECKOUT_SESSION_ID}", sessionId, StringComparison.Ordinal)
        .Replace("%7BCHECKOUT_SESSION_ID%7D", sessionId, StringComparison.OrdinalIgnoreCase);
}
