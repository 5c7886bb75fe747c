namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.Charge.Status"/>.</summary>
public static class ChargeStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
