namespace OpenCheckout.Cards;

/// <summary>What the processor said about one charge attempt.</summary>
public abstract record ChargeOutcome
{
    public sealed record Succeeded(bool DisputeFollows) : ChargeOutcome;

    /// <summary><paramref name="Code"/> is Stripe's error code (card_declined, expired_card, ...);
    /// <paramref name="DeclineCode"/> the issuer's reason where there is one.</summary>
    public sealed record Declined(string Code, string? DeclineCode, string Message) : ChargeOutcome;
}
