namespace OpenCheckout.Server.Features.Sessions;

public static class RedirectUrls
{
    const string Placeholder = "{CHECKOUT_SESSION_ID}";
    const string EncodedPlaceholder = "%7BCHECKOUT_SESSION_ID%7D";

    /// <summary>Replaces <c>{CHECKOUT_SESSION_ID}</c>, also URL-encoded, with the session id.</summary>
    public static string WithSessionId(string url, string sessionId) => url
        .Replace(Placeholder, sessionId, StringComparison.Ordinal)
        .Replace(EncodedPlaceholder, sessionId, StringComparison.OrdinalIgnoreCase);

    /// <summary>An absolute http(s) URL as it can travel in a <c>Location</c> header (printable ASCII only): an IDN host in
    /// punycode, other non-ASCII characters and spaces percent-encoded as UTF-8; an ASCII URL comes back unchanged. Null when
    /// the URL is not absolute http(s) or holds control characters (CR/LF would split the header; no browser URL has them).</summary>
    public static string? Normalize(string url)
    {
        if (url.Any(char.IsControl)) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return null;
        if (IsHeaderSafe(url)) return url;
        var userInfo = uri.UserInfo.Length > 0 ? uri.GetComponents(UriComponents.UserInfo, UriFormat.UriEscaped) + "@" : "";
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host;
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        // Uri escapes the placeholder's braces; they are printable ASCII, so the merchant's spelling is kept.
        var rest = uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped)
            .Replace(EncodedPlaceholder, Placeholder, StringComparison.Ordinal);
        return $"{uri.Scheme}://{userInfo}{host}{port}{rest}";
    }

    /// <summary>Printable ASCII without spaces: what a redirect can carry as it is.</summary>
    public static bool IsHeaderSafe(string url) => url.All(c => c is > ' ' and < '\u007f');
}
