namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>A payment intent's state as the fake holds it now.</summary>
public sealed record FakePaymentIntent(
    string Id, string Status, long Amount, long AmountCapturable, long AmountReceived, long AmountRefunded, string Currency,
    string CaptureMethod, string? PaymentMethodId, string? CustomerId, IReadOnlyDictionary<string, string> Metadata,
    string? LastPaymentErrorCode, string? LatestChargeId);
