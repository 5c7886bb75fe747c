namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>A refund's state as the fake holds it now.</summary>
public sealed record FakeRefund(string Id, string PaymentIntentId, string ChargeId, long Amount, string Status, string? Reason);
