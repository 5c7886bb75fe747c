using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Sessions;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Refunds;

/// <summary>How much to refund.</summary>
public abstract record RefundAmount
{
    /// <summary>Everything that remains unrefunded.</summary>
    public sealed record Remaining : RefundAmount;

    /// <summary>Exactly <paramref name="Amount"/>; <paramref name="Param"/> names the field it came from.</summary>
    public sealed record Exactly(long Amount, string Param) : RefundAmount;

    /// <summary>Per session line: each line's <c>amount_to_refund</c>, or all that remains of it.</summary>
    public sealed record Lines(IReadOnlyList<LineRefund> Items) : RefundAmount;
}

/// <summary>One entry of a line-item refund: the lines with this price (or product), up to <paramref name="Amount"/>
/// (null: all that remains of them). <paramref name="Param"/> is the entry's parameter path, e.g. <c>line_items[0]</c>.</summary>
public sealed record LineRefund(string? PriceId, string? ProductId, long? Amount, string Param);

public sealed record RefundRequest(RefundAmount Amount, string? Reason, Dictionary<string, string> Metadata);

public abstract record RefundResult
{
    public sealed record Created(Refund Refund) : RefundResult;

    /// <summary>Nothing was refunded or stored.</summary>
    public sealed record Refused(ApiError Error) : RefundResult;
}

/// <summary>The one refund path, for <c>POST /v1/refunds</c> and <c>POST /v1/checkout/sessions/{id}/refund</c>.
/// Never refunds more than was paid, however many requests race: the amount is taken by a conditional update
/// (<c>AmountRefunded + amount + disputed &lt;= AmountReceived</c>, disputed being what opened disputes hold) inside the
/// write transaction that stores the refund and its events, and a zero row count refuses the request.</summary>
public sealed class RefundService(EventLog events, TimeProvider clock, ILogger<RefundService> log)
{
    /// <summary>Amounts derived from what remains (all of it, or per line) are recomputed when another refund
    /// committed in between; on SQLite the write lock makes that impossible, on other providers it is rare.</summary>
    const int MaxAttempts = 3;

    /// <summary>Inside a unit of work on <paramref name="db"/>: refunds the payment of the merchant's complete session
    /// <paramref name="sessionId"/> (the API's <c>/checkout/sessions/{id}/refund</c> and the dashboard's refund).</summary>
    public async Task<RefundResult> RefundSessionAsync(CheckoutDb db, Merchant merchant, string sessionId, RefundRequest request, CancellationToken ct)
    {
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return new RefundResult.Refused(ApiErrors.NotFound("checkout session", sessionId));
        var status = SessionStatus.Effective(session.Status, session.ExpiresAt, clock.GetUtcNow());
        if (status != SessionStatus.Complete || session.PaymentIntentId is null) return new RefundResult.Refused(ApiErrors.SessionNotRefundable(status));
        return await RefundAsync(db, session.PaymentIntentId, request, ct);
    }

    /// <summary>Inside a unit of work on <paramref name="db"/>.</summary>
    /// <param name="paymentIntentId">A payment intent the caller has already checked belongs to the merchant.</param>
    public async Task<RefundResult> RefundAsync(CheckoutDb db, string paymentIntentId, RefundRequest request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // An attempt writes nothing before its guard succeeds, so a stale one is simply made again.
            var result = await TryRefundAsync(db, paymentIntentId, request, ct);
            if (result is not null) return result;
            if (attempt == MaxAttempts)
                return new RefundResult.Refused(ApiErrors.StateConflict("refund_conflict",
                    "Other refunds of this payment are in progress; retry the request."));
        }
    }

    /// <summary>What the payment's opened disputes hold: the buyer's bank has taken it back, so it cannot be refunded too. A won
    /// dispute gave it back (<c>charge.dispute.funds_reinstated</c>). A query, not a number, so the guard's update sums it in the
    /// same statement.</summary>
    static IQueryable<long> DisputedAmount(CheckoutDb db, string paymentIntentId) =>
        db.Disputes.Where(d => d.PaymentIntentId == paymentIntentId && d.OpenedAt != null && d.Status != DisputeStatus.Won).Select(d => d.Amount);

    static ApiError NothingLeft(long disputed) => disputed > 0 ? ApiErrors.ChargeDisputed() : ApiErrors.ChargeAlreadyRefunded();

    /// <summary>One attempt; null when a derived amount went stale under a concurrent refund and should be recomputed.</summary>
    async Task<RefundResult?> TryRefundAsync(CheckoutDb db, string paymentIntentId, RefundRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var intent = await db.PaymentIntents.AsNoTracking().FirstAsync(p => p.Id == paymentIntentId, ct);
        if (intent.Status != PaymentIntentStatus.Succeeded) return new RefundResult.Refused(ApiErrors.PaymentIntentNotRefundable(intent.Status));
        var disputes = DisputedAmount(db, intent.Id);
        var disputed = await disputes.SumAsync(ct);
        var remaining = intent.AmountReceived - intent.AmountRefunded - disputed;
        if (remaining <= 0) return new RefundResult.Refused(NothingLeft(disputed));

        long amount;
        List<RefundLine> lines = [];
        switch (request.Amount)
        {
            case RefundAmount.Remaining:
                amount = remaining;
                break;
            case RefundAmount.Exactly exactly:
                if (exactly.Amount > remaining)
                    return new RefundResult.Refused(ApiErrors.RefundAmountTooLarge(exactly.Param, exactly.Amount, remaining));
                amount = exactly.Amount;
                break;
            case RefundAmount.Lines when intent.SessionId is null:
                return new RefundResult.Refused(ApiErrors.Invalid("line_items", "parameter_unknown",
                    "This payment collected a subscription invoice, not a checkout session: refund an amount instead of line items."));
            case RefundAmount.Lines perLine:
                var (allocated, error) = await AllocateAsync(db, intent, perLine.Items, ct);
                if (error is not null) return new RefundResult.Refused(error);
                lines = allocated!;
                amount = lines.Sum(l => l.Amount + l.Extras);
                if (amount > remaining) return new RefundResult.Refused(ApiErrors.RefundAmountTooLarge("line_items", amount, remaining));
                break;
            default:
                throw new InvalidOperationException("Unknown refund amount.");
        }

        // The guard. A derived amount also requires that nothing was refunded since it was computed, so the
        // per-line totals it was checked against are still the current ones.
        var derived = request.Amount is not RefundAmount.Exactly;
        var observed = intent.AmountRefunded;
        var taken = await db.PaymentIntents
            .Where(p => p.Id == intent.Id && p.Status == PaymentIntentStatus.Succeeded
                && p.AmountRefunded + amount + disputes.Sum() <= p.AmountReceived && (!derived || p.AmountRefunded == observed))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.AmountRefunded, p => p.AmountRefunded + amount), ct);
        if (taken == 0)
        {
            if (derived) return null;
            var current = await db.PaymentIntents.AsNoTracking().Where(p => p.Id == intent.Id)
                .Select(p => new { Left = p.AmountReceived - p.AmountRefunded - disputes.Sum(), Disputed = disputes.Sum() }).FirstAsync(ct);
            return new RefundResult.Refused(current.Left <= 0 ? NothingLeft(current.Disputed)
                : ApiErrors.RefundAmountTooLarge(((RefundAmount.Exactly)request.Amount).Param, amount, current.Left));
        }

        var refund = new Refund
        {
            Id = ObjectId.New(ObjectId.Refund, now),
            AccountId = intent.AccountId,
            TestMode = intent.TestMode,
            PaymentIntentId = intent.Id,
            SessionId = intent.SessionId,
            Amount = amount,
            Currency = intent.Currency,
            Status = RefundStatus.Pending,
            Reason = request.Reason,
            Metadata = request.Metadata,
            Lines = lines,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.Refunds.Add(refund);
        Record(db, EventTypes.RefundCreated, refund);

        // Test mode has no processor to wait for: the refund succeeds at once. A live one stays pending until LiveRefundWorker has
        // sent it to the processor and the processor has settled it.
        var refunded = await db.PaymentIntents.AsNoTracking().FirstAsync(p => p.Id == intent.Id, ct);
        if (refund.TestMode) Settle(db, refund, refunded);

        // The session mirrors its payment intent. Read after the guard, which on every provider waits for
        // (and then sees) any refund of this payment committed before it.
        // A renewal's payment has no session (it collected an invoice).
        if (intent.SessionId is { } sessionId && await db.CheckoutSessions.FirstAsync(s => s.Id == sessionId, ct) is var session)
        {
            session.AmountRefunded = refunded.AmountRefunded;
            session.RefundIds.Add(refund.Id);
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("Refunded {Amount} {Currency} of {PaymentIntentId} as {RefundId}", amount, refund.Currency, intent.Id, refund.Id);
        return new RefundResult.Created(refund);
    }

    /// <summary>Splits a line-item refund over the session's lines, never past a line's total less what its earlier
    /// refunds took. An entry asking for more than its lines have left takes the rest from the session's shipping, tax
    /// and fees (whatever earlier refunds left of them): Flex's WooCommerce client spreads an order's whole refund, shipping
    /// and tax included, over its product lines.</summary>
    static async Task<(List<RefundLine>? Lines, ApiError? Error)> AllocateAsync(CheckoutDb db, PaymentIntent intent, IReadOnlyList<LineRefund> items,
        CancellationToken ct)
    {
        var session = await db.CheckoutSessions.AsNoTracking().Where(s => s.Id == intent.SessionId)
            .Select(s => new { s.LineItems, Extras = s.AmountShipping + s.AmountTax + s.AmountFees }).FirstAsync(ct);
        var earlier = await db.Refunds.AsNoTracking()
            .Where(r => r.PaymentIntentId == intent.Id && RefundStatus.Holding.Contains(r.Status))
            .Select(r => r.Lines).ToListAsync(ct);
        var left = session.LineItems.ToDictionary(l => l.LineItemId, l => l.AmountTotal);
        var extrasLeft = session.Extras;
        foreach (var line in earlier.SelectMany(l => l))
        {
            left[line.LineItemId] -= line.Amount;
            extrasLeft -= line.Extras;
        }
        return Allocate(session.LineItems, left, Math.Max(0, extrasLeft), items);
    }

    internal static (List<RefundLine>? Lines, ApiError? Error) Allocate(IReadOnlyList<SessionLineItem> sessionLines,
        Dictionary<string, long> left, long extrasLeft, IReadOnlyList<LineRefund> items)
    {
        var allocated = new List<RefundLine>();
        foreach (var item in items)
        {
            var matching = sessionLines.Where(l => item.PriceId is not null ? l.PriceId == item.PriceId : l.ProductId == item.ProductId).ToList();
            if (matching.Count == 0)
                return (null, item.PriceId is not null
                    ? ApiErrors.LineItemNotFound($"{item.Param}.price", item.PriceId)
                    : ApiErrors.LineItemNotFound($"{item.Param}.product", item.ProductId!));
            var available = matching.Sum(l => Math.Max(0, left[l.LineItemId]));
            if (item.Amount is null && available == 0) return (null, ApiErrors.LineItemAlreadyRefunded(item.Param));
            var wanted = item.Amount ?? available;
            if (wanted > available + extrasLeft)
                return (null, ApiErrors.RefundAmountTooLarge($"{item.Param}.amount_to_refund", wanted, available + extrasLeft));
            var fromExtras = Math.Max(0, wanted - available);
            extrasLeft -= fromExtras;
            wanted -= fromExtras;
            foreach (var line in matching)
            {
                var take = Math.Min(wanted, Math.Max(0, left[line.LineItemId]));
                var extras = line == matching[0] ? fromExtras : 0;
                if (take == 0 && extras == 0) continue;
                left[line.LineItemId] -= take;
                wanted -= take;
                allocated.Add(new RefundLine(line.LineItemId, line.PriceId, line.ProductId, take, extras));
            }
        }
        return (allocated, null);
    }

    /// <summary>The refund went through (at once in test mode; when the processor says so in live mode): its events, in the unit
    /// of work on <paramref name="db"/>. <paramref name="refunded"/> is its payment intent, with this refund counted.</summary>
    public void Settle(CheckoutDb db, Refund refund, PaymentIntent refunded)
    {
        refund.Status = RefundStatus.Succeeded;
        refund.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        Record(db, EventTypes.RefundUpdated, refund);
        events.Record(db, refund.AccountId, refund.TestMode, EventTypes.ChargeRefunded, "charge", refunded.ToCharge(), Wire.WireJson.Default.Charge);
        Record(db, EventTypes.ChargeRefundUpdated, refund);
    }

    /// <summary>Live: what the processor said of a refund (its answer to the worker, or its notice), inside a unit of work on
    /// <paramref name="db"/>. Only a pending refund of <paramref name="accountId"/> moves, and only once: the conditional update
    /// records the processor's id and the settled status together, so a duplicate or late notice finds nothing to move.</summary>
    public async Task<bool> RecordProcessorAnswerAsync(CheckoutDb db, string accountId, string refundId, ProcessorRefund answer, CancellationToken ct)
    {
        var status = answer.Status is RefundStatus.Succeeded or RefundStatus.Failed or RefundStatus.Canceled ? answer.Status : RefundStatus.Pending;
        var moved = await db.Refunds
            .Where(r => r.Id == refundId && r.AccountId == accountId && !r.TestMode && r.Status == RefundStatus.Pending
                && (r.ProcessorRefundId == null || r.ProcessorRefundId == answer.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ProcessorRefundId, answer.Id).SetProperty(r => r.Status, status), ct);
        if (moved == 0 || status == RefundStatus.Pending) return moved > 0;
        var refund = await db.Refunds.FirstAsync(r => r.Id == refundId, ct);
        if (status == RefundStatus.Succeeded)
            Settle(db, refund, await db.PaymentIntents.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentIntentId, ct));
        else
            await FailAsync(db, refund, ct);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Refund {RefundId} is {Status} at the processor ({ProcessorRefundId})", refundId, status, answer.Id);
        return true;
    }

    /// <summary>The processor refused or failed the refund: its amount is given back to the payment (and its session), which
    /// can be refunded again.</summary>
    async Task FailAsync(CheckoutDb db, Refund refund, CancellationToken ct)
    {
        refund.Status = RefundStatus.Failed;
        refund.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var amount = refund.Amount;
        await db.PaymentIntents.Where(p => p.Id == refund.PaymentIntentId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.AmountRefunded, p => p.AmountRefunded - amount), ct);
        if (refund.SessionId is { } sessionId)
            await db.CheckoutSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.AmountRefunded, s => s.AmountRefunded - amount), ct);
        Record(db, EventTypes.RefundUpdated, refund);
        Record(db, EventTypes.ChargeRefundUpdated, refund);
    }

    /// <summary>Records <paramref name="type"/> for <paramref name="refund"/> in the unit of work on <paramref name="db"/>.</summary>
    public void Record(CheckoutDb db, string type, Refund refund) =>
        events.Record(db, refund.AccountId, refund.TestMode, type, "refund", refund.ToWire(), Wire.WireJson.Default.Refund);
}
