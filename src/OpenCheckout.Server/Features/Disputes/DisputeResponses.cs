using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Disputes;

/// <summary>A merchant's answers to a dispute, inside a unit of work: evidence (staged or submitted) and closing (accepting the
/// loss). The one path of the API and the dashboard; each records its <c>charge.dispute.*</c> event.</summary>
public sealed class DisputeResponses(EventLog events, IObjectClock clocks, IOptions<OpenCheckoutOptions> options)
{
    /// <summary><paramref name="evidence"/> merges into what is staged (null values clear a field), <paramref name="metadata"/>
    /// (null: unchanged) replaces, and <paramref name="submit"/> makes the dispute <c>under_review</c>; one <c>charge.dispute.updated</c>.</summary>
    public async Task<(Dispute? Dispute, ApiError? Error)> UpdateAsync(CheckoutDb db, Merchant merchant, string id,
        IReadOnlyDictionary<string, string?>? evidence, Dictionary<string, string>? metadata, bool submit, CancellationToken ct)
    {
        var dispute = await HoldAsync(db, merchant, id, ct);
        if (dispute is null) return (null, ApiErrors.NotFound("dispute", id));
        // A dispute on a test clock: its evidence deadline and review run on the clock's time.
        var now = (await clocks.NowAsync(db, dispute.TestClockId, ct)).UtcDateTime;
        if (dispute.Status != DisputeStatus.NeedsResponse) return (null, ApiErrors.DisputeUnexpectedState(dispute.Status, "take evidence"));
        if (now > dispute.DueBy) return (null, ApiErrors.DisputeEvidencePastDue(Unix.Seconds(dispute.DueBy)));
        var staged = DisputeEvidenceText.Merge(dispute.Evidence, evidence);
        if (staged is null) return (null, ApiErrors.DisputeEvidenceTooLong(DisputeEvidenceText.TotalLength));
        var kept = metadata ?? dispute.Metadata;
        var decidesAt = now + options.Value.Disputes.ReviewDelay;

        var open = db.Disputes.Where(d => d.Id == dispute.Id && d.Status == DisputeStatus.NeedsResponse);
        var changed = submit
            ? await open.ExecuteUpdateAsync(u => u.SetProperty(d => d.Evidence, staged).SetProperty(d => d.Metadata, kept)
                .SetProperty(d => d.Status, DisputeStatus.UnderReview).SetProperty(d => d.SubmissionCount, d => d.SubmissionCount + 1)
                .SetProperty(d => d.DecidesAt, decidesAt), ct)
            : await open.ExecuteUpdateAsync(u => u.SetProperty(d => d.Evidence, staged).SetProperty(d => d.Metadata, kept), ct);
        var updated = await db.Disputes.AsNoTracking().FirstAsync(d => d.Id == dispute.Id, ct);
        if (changed == 0) return (null, ApiErrors.DisputeUnexpectedState(updated.Status, "take evidence"));
        Record(db, updated, EventTypes.DisputeUpdated);
        return (updated, null);
    }

    /// <summary>Flex's close: the merchant accepts the loss of a dispute that needs_response (Stripe's too); <c>charge.dispute.closed</c>.</summary>
    public async Task<(Dispute? Dispute, ApiError? Error)> CloseAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct)
    {
        var closed = await Opened(db, merchant).Where(d => d.Id == id && d.Status == DisputeStatus.NeedsResponse)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DisputeStatus.Lost), ct);
        var dispute = await Opened(db, merchant).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null) return (null, ApiErrors.NotFound("dispute", id));
        if (closed == 0) return (null, ApiErrors.DisputeUnexpectedState(dispute.Status, "be closed"));
        Record(db, dispute, EventTypes.DisputeClosed);
        return (dispute, null);
    }

    /// <summary>A dispute is visible once opened (when <c>charge.dispute.created</c> was recorded), not while scheduled.</summary>
    public static IQueryable<Dispute> Opened(CheckoutDb db, Merchant merchant) => db.Disputes.OwnedBy(merchant).Where(d => d.OpenedAt != null);

    /// <summary>The merchant's opened dispute <paramref name="id"/>, row-locked: on PostgreSQL it waits for any other unit of work
    /// changing the dispute and then reads what that one committed, so two updates never merge evidence into the same reading.</summary>
    static Task<Dispute?> HoldAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        Opened(db, merchant).AsNoTracking().TagWith(RowLocks.ForUpdate).FirstOrDefaultAsync(d => d.Id == id, ct);

    void Record(CheckoutDb db, Dispute dispute, string type) =>
        events.Record(db, dispute.AccountId, dispute.TestMode, type, "dispute", dispute.ToWire(), WireJson.Default.Dispute);
}
