namespace OpenCheckout.Cards;

/// <summary>What the processor said about one charge attempt.</summary>
public abstract record ChargeOutcome
{
    /// <summary>Paid, or authorized when capture is manual. <paramref name="Processor"/> is what a remote processor made
    /// (null for the test-card processor, which makes nothing outside OpenCheckout).</summary>
    public sealed record Succeeded(bool DisputeFollows, ProcessorCharge? Processor = null) : ChargeOutcome;

    /// <summary><paramref name="Code"/> is Stripe's error code (card_declined, expired_card, ...);
    /// <paramref name="DeclineCode"/> the issuer's reason where there is one; a remote processor's payment and the card it
    /// describes, when it made one.</summary>
    public sealed record Declined(string Code, string? DeclineCode, string Message, string? PaymentId = null, CardSummary? Card = null)
        : ChargeOutcome;

    /// <summary>The buyer must act (3-D Secure): the page hands <paramref name="ClientSecret"/> to the processor's script,
    /// then asks the processor for the outcome.</summary>
    public sealed record RequiresAction(string PaymentId, string ClientSecret) : ChargeOutcome;
}

/// <summary>What a remote processor made for a successful charge: its payment and charge ids, the card as it describes it
/// (brand, last 4, expiry: never the number), and the token of the card when it was saved for later.</summary>
public sealed record ProcessorCharge(string PaymentId, string? ChargeId, CardSummary Card, string? SavedToken, string? CustomerId);
