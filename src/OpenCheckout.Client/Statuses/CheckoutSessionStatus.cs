namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.CheckoutSession.Status"/>: open → complete | expired. A session that is complete
/// or expired never changes again.</summary>
public static class CheckoutSessionStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Expired = "expired";
}
