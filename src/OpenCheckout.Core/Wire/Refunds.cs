using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A refund of (part of) a succeeded payment intent.</summary>
public sealed record Refund(
    string RefundId,
    string PaymentIntentId,
    string? CheckoutSession,
    long Amount,
    string Currency,
    [property: AllowedValues("pending", "requires_action", "succeeded", "failed", "canceled")] string Status,
    [property: AllowedValues("duplicate", "fraudulent", "requested_by_customer")] string? Reason,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="RefundId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => RefundId;

    /// <summary>The number the buyer's bank can trace the refund by (Flex's field, Stripe's <c>destination_details</c>
    /// reference); null until <see cref="ReferenceStatus"/> is <c>available</c>.</summary>
    public string? ReferenceId { get; init; }
    [AllowedValues("acquirer_reference_number", "system_trace_audit_number", "retrieval_reference_number", null)]
    public string? ReferenceType { get; init; }
    [AllowedValues("available", "pending", "unavailable")]
    public string ReferenceStatus { get; init; } = "pending";
}

public sealed record RefundEnvelope(Refund Refund);

public sealed record RefundList(IReadOnlyList<Refund> Refunds, bool HasMore);

/// <summary>A buyer's dispute of a charge, as <c>charge.dispute.*</c> events carry it.</summary>
public sealed record Dispute(
    string DisputeId,
    string Charge,
    string PaymentIntent,
    string? CheckoutSession,
    long Amount,
    string Currency,
    string Reason,
    string Status,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="DisputeId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => DisputeId;
}

public sealed record DisputeEnvelope(Dispute Dispute);

public sealed record DisputeList(IReadOnlyList<Dispute> Disputes, bool HasMore);
