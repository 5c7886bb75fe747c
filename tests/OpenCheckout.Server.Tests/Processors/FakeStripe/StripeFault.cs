namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>A failure <see cref="FakeStripe.FailNext"/> injects into the next matching request.</summary>
public enum StripeFault
{
    /// <summary>500 api_error before anything is done; not stored under the Idempotency-Key (a failure in front of
    /// Stripe's idempotency layer), so Stripe.net's automatic retry succeeds.</summary>
    ServerError,

    /// <summary>The request is held for <see cref="FakeStripe.FaultHold"/> (past the client's timeout) and the
    /// connection then dropped; nothing is done.</summary>
    Timeout,

    /// <summary>The operation runs and its answer is stored under the Idempotency-Key, then the connection is aborted:
    /// the client sees a network error although the charge happened.</summary>
    ProcessThenDrop,

    /// <summary>The operation runs and its answer is stored under the Idempotency-Key, then the request is held for
    /// <see cref="FakeStripe.FaultHold"/> and dropped: the window in which a test kills the caller between Stripe's
    /// charge and the caller's commit.</summary>
    ProcessThenHold,
}
