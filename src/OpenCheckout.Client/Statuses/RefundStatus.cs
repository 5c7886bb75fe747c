namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.Refund.Status"/>.</summary>
public static class RefundStatus
{
    public const string Pending = "pending";
    public const string RequiresAction = "requires_action";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
}
