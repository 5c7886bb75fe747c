using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Disputes;

static class DisputeWire
{
    /// <summary><c>created_at</c> is when the dispute opened as scheduled, however late the worker got to it.</summary>
    public static Wire.Dispute ToWire(this Dispute d) => new(
        d.Id, d.ChargeId, d.PaymentIntentId, d.SessionId, d.Amount, d.Currency, d.Reason, d.Status, Unix.Seconds(d.OpensAt), d.TestMode)
    {
        IsChargeRefundable = d.Status == DisputeStatus.Won,
        Metadata = d.Metadata,
        Evidence = DisputeEvidenceText.ToWire(d.Evidence),
        // Late evidence is refused, so no submission is ever past due.
        EvidenceDetails = new(Unix.Seconds(d.DueBy), HasEvidence: d.Evidence.Count > 0, PastDue: false, d.SubmissionCount),
    };
}
