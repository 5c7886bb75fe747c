using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>A buyer's dispute of a charge. In test mode card …0259 schedules one when its payment succeeds;
/// it is invisible until <see cref="DisputeWorker"/> opens it at <see cref="OpensAt"/> ("shortly after the buyer
/// has left"), recording <c>charge.dispute.created</c> in the same transaction. The merchant then stages and submits
/// evidence, or closes it (accepting the loss); <see cref="DisputeWorker"/> decides a submitted one at <see cref="DecidesAt"/>.</summary>
public sealed class Dispute : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string PaymentIntentId { get; init; }
    public required string ChargeId { get; init; }
    public string? SessionId { get; init; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public required string Reason { get; init; }
    public required string Status { get; set; }
    public DateTime OpensAt { get; init; }
    /// <summary>Null while scheduled; set once, by the conditional update that opens it.</summary>
    public DateTime? OpenedAt { get; set; }
    public DateTime CreatedAt { get; init; }
    /// <summary>Text evidence by Flex's field name (<see cref="DisputeEvidenceText.Fields"/>); absent fields are not given.</summary>
    public Dictionary<string, string> Evidence { get; set; } = [];
    public Dictionary<string, string> Metadata { get; set; } = [];
    /// <summary>Evidence after this is refused. Null on disputes stored before evidence existed: see <see cref="DueBy"/>.</summary>
    public DateTime? EvidenceDueBy { get; init; }
    public int SubmissionCount { get; set; }
    /// <summary>When the worker decides the submitted dispute; set by the submission, cleared by the decision.</summary>
    public DateTime? DecidesAt { get; set; }
    /// <summary>The payment's test clock, copied: the dispute opens and is decided on that clock's time.</summary>
    public string? TestClockId { get; init; }

    /// <summary>Disputes stored before evidence existed are due <see cref="DefaultEvidenceWindow"/> after they opened.</summary>
    public DateTime DueBy => EvidenceDueBy ?? OpensAt + DefaultEvidenceWindow;

    /// <summary>The default of <c>Disputes:EvidenceWindow</c>.</summary>
    public static readonly TimeSpan DefaultEvidenceWindow = TimeSpan.FromDays(7);

    /// <summary>The dispute that follows a succeeded payment: the whole amount paid, opening at <paramref name="opensAt"/>,
    /// evidence due <paramref name="evidenceWindow"/> later.</summary>
    public static Dispute Of(string accountId, bool testMode, string paymentIntentId, string chargeId, string? sessionId, long amount,
        string currency, DateTimeOffset now, DateTimeOffset opensAt, TimeSpan evidenceWindow, string? testClockId = null) => new()
    {
        TestClockId = testClockId,
        Id = ObjectId.New(ObjectId.Dispute, now),
        AccountId = accountId,
        TestMode = testMode,
        PaymentIntentId = paymentIntentId,
        ChargeId = chargeId,
        SessionId = sessionId,
        Amount = amount,
        Currency = currency,
        Reason = DisputeReason.Fraudulent,
        Status = DisputeStatus.NeedsResponse,
        OpensAt = opensAt.UtcDateTime,
        CreatedAt = now.UtcDateTime,
        EvidenceDueBy = (opensAt + evidenceWindow).UtcDateTime,
    };
}

/// <summary>Stripe's and Flex's values, those this server sets.</summary>
public static class DisputeStatus
{
    /// <summary>Open: evidence may be staged and submitted, or the dispute closed.</summary>
    public const string NeedsResponse = "needs_response";
    /// <summary>Evidence submitted; the worker decides it.</summary>
    public const string UnderReview = "under_review";
    public const string Won = "won";
    /// <summary>Decided against the merchant, or closed by the merchant.</summary>
    public const string Lost = "lost";
}

public static class DisputeReason
{
    public const string Fraudulent = "fraudulent";
}
