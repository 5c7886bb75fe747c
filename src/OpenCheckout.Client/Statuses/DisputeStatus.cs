namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.Dispute.Status"/> this server sets.</summary>
public static class DisputeStatus
{
    public const string NeedsResponse = "needs_response";
}
