namespace OpenCheckout.Sessions;

/// <summary>Checkout session lifecycle: open → complete | expired. Terminal states never change.</summary>
public static class SessionStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Expired = "expired";

    /// <summary>The status a reader sees: an open session past its expiry is expired even before the sweeper runs.</summary>
    public static string Effective(string stored, DateTime expiresAtUtc, DateTimeOffset now) =>
        stored == Open && expiresAtUtc <= now.UtcDateTime ? Expired : stored;

    public static bool IsValid(string? status) => status is Open or Complete or Expired;
}

public static class PaymentStatus
{
    public const string Unpaid = "unpaid";
    public const string Paid = "paid";
}
