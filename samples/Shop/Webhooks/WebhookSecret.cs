namespace Shop.Webhooks;

/// <summary>The <c>fwhsec_...</c> secret deliveries are verified with: <c>OpenCheckout:WebhookSecret</c>, or the one
/// <see cref="DevWebhookRegistration"/> obtained. Null until one is known.</summary>
public sealed class WebhookSecret(IConfiguration configuration)
{
    public const string ConfigurationKey = "OpenCheckout:WebhookSecret";

    volatile string? _registered;

    public string? Value => Configured ?? _registered;

    public string? Configured => configuration[ConfigurationKey] is { Length: > 0 } secret ? secret : null;

    internal void Use(string secret) => _registered = secret;
}
