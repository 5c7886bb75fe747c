namespace OpenCheckout.Server.Features.Processors;

/// <summary>An account's live processor: which one, and its keys. The secret key and the webhook signing secret are stored
/// encrypted (<see cref="ProcessorSecrets"/>); the publishable key is public by design (the hosted page hands it to Stripe.js).</summary>
public sealed class AccountProcessor
{
    public required string AccountId { get; init; }
    /// <summary><see cref="ProcessorKinds.Stripe"/>.</summary>
    public required string Kind { get; set; }
    public required string SecretKeyProtected { get; set; }
    public required string PublishableKey { get; set; }
    public string? WebhookSecretProtected { get; set; }
    /// <summary>The last 4 characters of the secret key, to tell keys apart without showing one.</summary>
    public required string SecretKeyLast4 { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

public static class ProcessorKinds
{
    public const string Stripe = "stripe";
    public static readonly string[] All = [Stripe];
}
