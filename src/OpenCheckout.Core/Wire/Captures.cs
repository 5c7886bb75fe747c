using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>What one capture of a manual-capture session's authorization took (Flex's capture object). <see cref="Amount"/>
/// is <see cref="AmountCaptured"/> again, under the name the contract's other money objects use.</summary>
/// <param name="AmountShippingCaptured">The session's shipping when the whole authorization was captured; 0 for a partial
/// capture, which says only how much it takes, not of what.</param>
public sealed record Capture(
    string CaptureId,
    long AmountCaptured,
    long Amount,
    string Currency,
    string? CheckoutSession,
    string PaymentIntent,
    string? Charge,
    [property: AllowedValues("succeeded")] string Status,
    long AmountShippingCaptured,
    long AmountDiscountCaptured,
    long AmountTaxCaptured,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="CaptureId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => CaptureId;
}

public sealed record CaptureEnvelope(Capture Capture);

public sealed record CaptureList(IReadOnlyList<Capture> Captures, bool HasMore);
