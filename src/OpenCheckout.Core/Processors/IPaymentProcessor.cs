using OpenCheckout.Cards;

namespace OpenCheckout.Processors;

/// <summary>Who moves the money: the test-card processor in test mode, the account's configured processor (Stripe) in live
/// mode. Shaped by what checkout needs, not by one processor's API. Every call that changes something carries an idempotency
/// key made from OpenCheckout's own object id and attempt, so a retry after a crash or a lost answer never acts twice.</summary>
public interface IPaymentProcessor
{
    /// <summary>"test", "stripe": stored with what the processor made, named in logs and docs.</summary>
    string Name { get; }

    /// <summary>True when the processor is reached over the network: an attempt is then recorded (committed) before the call,
    /// so that an answer lost to a crash or a timeout is found again by the reconciliation worker. The in-process test
    /// processor has no such window.</summary>
    bool IsRemote { get; }

    /// <summary>Creates and confirms a payment: with the buyer present (3-D Secure may be asked for:
    /// <see cref="ChargeOutcome.RequiresAction"/>) or off-session. Throws <see cref="ProcessorUnavailableException"/> when
    /// the answer is unknown (network error, timeout, processor error); calling again with the same order learns it.</summary>
    Task<ChargeOutcome> ChargeAsync(PaymentOrder order, CancellationToken ct);

    /// <summary>The payment's state now: after the buyer's action, or to reconcile an attempt whose answer was lost.</summary>
    Task<ChargeOutcome> GetAsync(string paymentId, CancellationToken ct);

    /// <summary>Captures <paramref name="amount"/> of an authorized payment.</summary>
    Task CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct);

    /// <summary>Releases an authorization, or abandons a payment waiting for the buyer's action.</summary>
    Task CancelAsync(string paymentId, string idempotencyKey, CancellationToken ct);

    /// <summary>Refunds <paramref name="amount"/> of a payment; the refund may settle later (a notice says when).</summary>
    Task<ProcessorRefund> RefundAsync(string paymentId, long amount, string idempotencyKey, IReadOnlyDictionary<string, string> metadata,
        CancellationToken ct);

    /// <summary>A harmless authenticated call: what the operator's <c>processor check</c> prints.</summary>
    Task<string> CheckAsync(CancellationToken ct);
}

/// <summary>One payment to make. <paramref name="IdempotencyKey"/> is OpenCheckout's payment intent id and attempt number;
/// <paramref name="Metadata"/> carries OpenCheckout's ids to the processor, so its notices can be traced back;
/// <paramref name="ReturnUrl"/> is the hosted page the buyer comes back to should a payment method need a redirect.</summary>
public sealed record PaymentOrder(string IdempotencyKey, long Amount, string Currency, PaymentSource Source, bool ManualCapture,
    bool OffSession, bool SaveForLater, string? ProcessorCustomerId, IReadOnlyDictionary<string, string> Metadata, string? ReturnUrl = null);

/// <summary>What pays: a card typed on OpenCheckout's own page (test mode only: live pages never see a card number), or a
/// processor's token (a payment method the processor's own fields made, or a saved card's).</summary>
public abstract record PaymentSource
{
    public sealed record TypedCard(ValidCard Card) : PaymentSource;
    public sealed record ProcessorToken(string Token) : PaymentSource;
}

/// <summary>A refund as the processor answered: settled at once (<c>succeeded</c>), or <c>pending</c> until its notice.</summary>
public sealed record ProcessorRefund(string Id, string Status);

/// <summary>The processor could not be reached or failed: whether it acted is unknown until asked again.</summary>
public sealed class ProcessorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The processor refused the request itself (not a decline): a bad key, an invalid state. Nothing was done.</summary>
public sealed class ProcessorRefusedException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code => code;
}
