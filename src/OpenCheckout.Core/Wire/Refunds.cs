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

/// <summary>A buyer's dispute of a charge, as <c>charge.dispute.*</c> events carry it. Flex's field names (<c>payment_intent_id</c>,
/// <c>charge_id</c>, <c>evidence</c>, <c>evidence_details</c>, <c>is_charge_refundable</c>, <c>metadata</c>) beside the names this
/// object had first (<c>charge</c>, <c>payment_intent</c>), which carry the same ids.</summary>
public sealed record Dispute(
    string DisputeId,
    string Charge,
    string PaymentIntent,
    string? CheckoutSession,
    long Amount,
    string Currency,
    string Reason,
    [property: AllowedValues("needs_response", "under_review", "won", "lost")] string Status,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="DisputeId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => DisputeId;

    /// <summary>Flex's name for <see cref="PaymentIntent"/>.</summary>
    public string PaymentIntentId { get; init; } = PaymentIntent;
    /// <summary>Flex's name for <see cref="Charge"/>.</summary>
    public string ChargeId { get; init; } = Charge;
    /// <summary>Whether what this dispute held may be refunded: true once it is won (the funds came back).</summary>
    public bool IsChargeRefundable { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>The evidence staged or submitted so far; fields not given are null.</summary>
    public DisputeEvidence Evidence { get; init; } = new();
    public DisputeEvidenceDetails EvidenceDetails { get; init; } = new(0, false, false, 0);
}

/// <summary>Evidence for a dispute: Flex's and Stripe's text fields. In a request, a field left out (null) stays as it was, and
/// <c>""</c> clears it. In test mode, text containing <c>winning_evidence</c> wins the submitted dispute and
/// <c>losing_evidence</c> loses it (Stripe's convention).</summary>
public sealed record DisputeEvidence
{
    public string? AccessActivityLog { get; init; }
    public string? BillingAddress { get; init; }
    public string? CancellationPolicyDisclosure { get; init; }
    public string? CancellationRebuttal { get; init; }
    public string? CustomerEmailAddress { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerPurchaseIp { get; init; }
    public string? DuplicateChargeExplanation { get; init; }
    public string? DuplicateChargeId { get; init; }
    public string? ProductDescription { get; init; }
    public string? RefundPolicyDisclosure { get; init; }
    public string? RefundRefusalExplanation { get; init; }
    public string? ServiceDate { get; init; }
    public string? ShippingAddress { get; init; }
    public string? ShippingCarrier { get; init; }
    public string? ShippingDate { get; init; }
    public string? ShippingTrackingNumber { get; init; }
    public string? UncategorizedText { get; init; }
}

/// <param name="DueBy">Unix seconds: evidence is refused after it.</param>
/// <param name="HasEvidence">Whether any evidence is staged or submitted.</param>
/// <param name="PastDue">Whether the last submission came after <paramref name="DueBy"/>: never here, as late evidence is refused.</param>
/// <param name="SubmissionCount">How many times evidence was submitted: at most once.</param>
public sealed record DisputeEvidenceDetails(long DueBy, bool HasEvidence, bool PastDue, long SubmissionCount);

public sealed record DisputeEnvelope(Dispute Dispute);

public sealed record DisputeList(IReadOnlyList<Dispute> Disputes, bool HasMore);
