namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>The stand-in Stripe.js and its two frames, served from the fake's origin like js.stripe.com's.</summary>
internal static class StripeJsFiles
{
    static readonly Dictionary<string, (string File, string ContentType)> Files = new()
    {
        ["/v3/"] = ("stripe.js", "text/javascript; charset=utf-8"),
        ["/v3/card-frame.html"] = ("card-frame.html", "text/html; charset=utf-8"),
        ["/v3/three-d-secure.html"] = ("three-d-secure.html", "text/html; charset=utf-8"),
    };

    public static (string Path, string ContentType)? TryServe(string path) => Files.TryGetValue(path, out var file)
        ? (System.IO.Path.Combine(AppContext.BaseDirectory, "Processors", "FakeStripe", "StripeJs", file.File), file.ContentType)
        : null;
}
