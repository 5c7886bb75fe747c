namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.WebhookEndpoint.Status"/>.</summary>
public static class WebhookEndpointStatus
{
    public const string Enabled = "enabled";
    /// <summary>Disabled by you, or by the server after days of failed deliveries (<see cref="Wire.WebhookEndpoint.DisabledReason"/>).</summary>
    public const string Disabled = "disabled";
}
