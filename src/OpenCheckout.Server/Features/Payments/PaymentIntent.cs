using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>One per checkout session, created at the first payment attempt, or one per subscription invoice a renewal charges.
/// Declined attempts leave their error in <see cref="ErrorCode"/>...; a successful one moves it to succeeded, once.</summary>
public sealed class PaymentIntent : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    /// <summary>The session it pays; null for a renewal's.</summary>
    public string? SessionId { get; init; }
    /// <summary>The subscription invoice a renewal charges with it; null for a session's.</summary>
    public string? InvoiceId { get; init; }
    public string? CustomerId { get; set; }
    /// <summary>The session's total at the latest attempt (the buyer may change shipping between attempts).</summary>
    public long Amount { get; set; }
    public long AmountReceived { get; set; }
    /// <summary>Authorized and not yet captured (manual capture); 0 otherwise.</summary>
    public long AmountCapturable { get; set; }
    public string CaptureMethod { get; init; } = Sessions.CaptureMethod.Automatic;
    /// <summary>Only ever raised by a conditional update that keeps it at most <see cref="AmountReceived"/>.</summary>
    public long AmountRefunded { get; set; }
    /// <summary>The successful charge, once there is one.</summary>
    public string? ChargeId { get; set; }
    public required string Currency { get; init; }
    public required string Status { get; set; }
    public string? PaymentMethodId { get; set; }
    public string? CardBrand { get; set; }
    public string? CardLast4 { get; set; }
    public int? CardExpMonth { get; set; }
    public int? CardExpYear { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorDeclineCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>Declined attempts so far: past <c>RateLimits:MaxDeclinesPerSession</c> the session takes no more (card testing).</summary>
    public int DeclinedAttempts { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>When a manual-capture payment was authorized: the authorization lapses <c>Captures:AuthorizationLifetime</c>
    /// later (<see cref="AuthorizationLapseWorker"/>). Null for automatic capture.</summary>
    public DateTime? AuthorizedAt { get; set; }
    /// <summary>The session's test clock, copied: the authorization lapses on that clock's time.</summary>
    public string? TestClockId { get; init; }
}

public static class PaymentIntentStatus
{
    public const string RequiresPaymentMethod = "requires_payment_method";
    /// <summary>Live: an attempt is at the processor and its outcome not committed yet.</summary>
    public const string Processing = "processing";
    /// <summary>Live: the processor waits for the buyer (3-D Secure).</summary>
    public const string RequiresAction = "requires_action";
    /// <summary>Manual capture: authorized, waiting for <c>POST /v1/checkout/sessions/{id}/capture</c>.</summary>
    public const string RequiresCapture = "requires_capture";
    public const string Succeeded = "succeeded";
    /// <summary>An authorization released uncaptured: by <c>POST /v1/checkout/sessions/{id}/cancel</c>, or lapsed.</summary>
    public const string Canceled = "canceled";
}
