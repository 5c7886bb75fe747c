using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>A buyer's dispute of a charge. In test mode card …0259 schedules one when its payment succeeds;
/// it is invisible until <see cref="DisputeWorker"/> opens it at <see cref="OpensAt"/> ("shortly after the buyer
/// has left"), recording <c>charge.dispute.created</c> in the same transaction.</summary>
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

    /// <summary>The dispute that follows a succeeded payment: the whole amount paid, opening at <paramref name="opensAt"/>.</summary>
    public static Dispute Of(string accountId, bool testMode, string paymentIntentId, string chargeId, string? sessionId, long amount,
        string currency, DateTimeOffset now, DateTimeOffset opensAt) => new()
    {
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
    };
}

public static class DisputeStatus
{
    public const string NeedsResponse = "needs_response";
}

public static class DisputeReason
{
    public const string Fraudulent = "fraudulent";
}
