namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.Dispute.Status"/> this server sets.</summary>
public static class DisputeStatus
{
    /// <summary>Open: stage or submit evidence (<c>Disputes.UpdateAsync</c>), or close it (<c>Disputes.CloseAsync</c>).</summary>
    public const string NeedsResponse = "needs_response";
    /// <summary>Evidence submitted; the outcome follows.</summary>
    public const string UnderReview = "under_review";
    public const string Won = "won";
    /// <summary>Decided against the merchant, or closed by the merchant.</summary>
    public const string Lost = "lost";
}
