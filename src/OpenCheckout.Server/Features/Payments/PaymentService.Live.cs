using Microsoft.EntityFrameworkCore;
using OpenCheckout.Cards;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Live payments through the account's remote processor. Exactly once across the network: the attempt is committed
/// before the call and named by the idempotency key the processor gets; its outcome is committed by the same conditional
/// update as a test payment, together with the attempt's move out of <see cref="ProcessorAttemptStatus.Pending"/>, so of the
/// page, a retry and the reconciliation worker on any node exactly one commits it. A charge the session can no longer take
/// (it expired, its coupon ran out while the processor answered) is undone at the processor.</summary>
public sealed partial class PaymentService
{
    public const string PaymentMethodField = "payment_method";

    /// <summary>The buyer of a live attempt: the processor's payment method and the details the page collected, validated.</summary>
    sealed record LiveBuyer(string PaymentMethod, string Email, string Name, ShippingDetails? Shipping, string? ChosenRate, long? ExpectedTotal);

    static IEnumerable<CardFieldError> PaymentMethodErrors(string? paymentMethod)
    {
        if (string.IsNullOrEmpty(paymentMethod))
            yield return new(PaymentMethodField, "payment_method_missing", "Enter your card details.");
        else if (paymentMethod.Length > 255 || !paymentMethod.StartsWith("pm_", StringComparison.Ordinal) || !paymentMethod.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            yield return new(PaymentMethodField, "payment_method_invalid", "Your card details could not be read: enter them again.");
    }

    async Task<PayResult> PayLiveAsync(CheckoutSession session, LiveBuyer buyer, CancellationToken ct)
    {
        if (await LiveProcessorAsync(session.AccountId, ct) is not { } processor)
            return new PayResult.Invalid(session, [new(PaymentMethodField, "processor_not_configured",
                "This shop cannot take payments right now. Nothing was charged: contact the shop.")]);
        ProcessorAttempt attempt;
        try
        {
            attempt = await writes.RunAsync((db, writeCt) => BeginAttemptAsync(db, session, buyer, writeCt), ct);
        }
        catch (ChargeAbandoned abandoned)
        {
            return await AbandonedAsync(session, abandoned, ct);
        }
        // From here the buyer leaving does not stop the call or its commit: the outcome is recorded either way.
        return await CallAsync(processor, session, attempt, CancellationToken.None);
    }

    /// <summary>Live, after the buyer's action (3-D Secure) on the page: asks the processor how the session's attempt ended and
    /// commits that. A session with no attempt waiting is shown as it is.</summary>
    public async Task<PayResult> ConfirmLiveAsync(CheckoutSession session, CancellationToken ct)
    {
        var attempt = await LatestAttemptAsync(session.Id, ct);
        if (attempt is null || attempt.Status != ProcessorAttemptStatus.RequiresAction || attempt.ProcessorPaymentId is null
            || await LiveProcessorAsync(session.AccountId, ct) is not { } processor)
            return await ReloadAsync(session.Id, ct) is { } latest ? new PayResult.NotOpen(latest) : new PayResult.Gone();
        ChargeOutcome outcome;
        try
        {
            outcome = await processor.GetAsync(attempt.ProcessorPaymentId, CancellationToken.None);
        }
        catch (ProcessorUnavailableException e)
        {
            log.LogWarning(e, "Confirming attempt {AttemptId} of {SessionId}: the processor did not answer", attempt.Id, session.Id);
            return new PayResult.Processing(session);
        }
        return await ResolveAsync(processor, session, attempt, outcome, CancellationToken.None);
    }

    /// <summary>The processor's notice about attempt <paramref name="attemptId"/> of account <paramref name="accountId"/>, whose payment
    /// is <paramref name="paymentId"/>: if the attempt is still open (its answer lost, or the buyer gone during 3-D Secure), the
    /// processor is asked for the payment's state now and that is committed. An attempt already settled is left as it is, so a
    /// duplicate or out-of-date notice changes nothing.</summary>
    public async Task SettleAttemptAsync(string accountId, string attemptId, string paymentId, CancellationToken ct)
    {
        ProcessorAttempt? attempt;
        await using (var scope = scopes.CreateAsyncScope())
            attempt = await scope.ServiceProvider.GetRequiredService<CheckoutDb>().ProcessorAttempts.AsNoTracking()
                .FirstOrDefaultAsync(a => a.Id == attemptId && a.AccountId == accountId, ct);
        if (attempt is null || attempt.Status is not (ProcessorAttemptStatus.Pending or ProcessorAttemptStatus.RequiresAction)
            || (attempt.ProcessorPaymentId is { } known && known != paymentId)
            || await LiveProcessorAsync(accountId, ct) is not { } processor
            || await ReloadAsync(attempt.SessionId, ct) is not { } session)
            return;
        ChargeOutcome outcome;
        try
        {
            outcome = await processor.GetAsync(paymentId, ct);
        }
        catch (ProcessorUnavailableException e)
        {
            log.LogWarning(e, "A notice about attempt {AttemptId}: the processor did not answer; the worker reconciles it", attemptId);
            return;
        }
        await ResolveAsync(processor, session, attempt, outcome, CancellationToken.None);
    }

    /// <summary>The session's latest live attempt, if any: what the page shows while one is under way.</summary>
    public async Task<ProcessorAttempt?> LatestAttemptAsync(string sessionId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().ProcessorAttempts.AsNoTracking()
            .Where(a => a.SessionId == sessionId).OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).FirstOrDefaultAsync(ct);
    }

    async Task<IPaymentProcessor?> LiveProcessorAsync(string accountId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ILiveProcessors>().LiveAsync(accountId, ct);
    }

    /// <summary>Commits the attempt before any call: the session is open at the total the buyer saw, no other attempt of it is
    /// under way, and the payment intent is <c>processing</c> until the outcome is committed.</summary>
    async Task<ProcessorAttempt> BeginAttemptAsync(CheckoutDb db, CheckoutSession session, LiveBuyer buyer, CancellationToken ct)
    {
        var (now, current, intent) = await TakeOpenSessionAsync(db, session, buyer.ChosenRate, buyer.ExpectedTotal,
            await clocks.NowAsync(db, session.TestClockId, ct), ct);
        var earlier = await db.ProcessorAttempts.Where(a => a.PaymentIntentId == intent.Id).Select(a => a.Status).ToListAsync(ct);
        if (earlier.Any(s => s is ProcessorAttemptStatus.Pending or ProcessorAttemptStatus.RequiresAction or ProcessorAttemptStatus.Reversing))
            throw new ChargeAbandoned(AbandonReason.AttemptInProgress);
        var attempt = new ProcessorAttempt
        {
            Id = $"{intent.Id}-{earlier.Count + 1}",
            PaymentIntentId = intent.Id, SessionId = session.Id, AccountId = session.AccountId,
            Status = ProcessorAttemptStatus.Pending,
            Amount = current.AmountTotal, Currency = session.Currency, ManualCapture = session.CaptureMethod == CaptureMethod.Manual,
            PaymentMethodToken = buyer.PaymentMethod, ReturnUrl = urls.HostedPage(session.Id),
            Email = buyer.Email, Name = buyer.Name, Shipping = buyer.Shipping, ShippingRateId = buyer.ChosenRate, ExpectedTotal = buyer.ExpectedTotal,
            CreatedAt = now.UtcDateTime,
        };
        db.ProcessorAttempts.Add(attempt);
        intent.Amount = current.AmountTotal;
        intent.Status = PaymentIntentStatus.Processing;
        intent.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        return attempt;
    }

    /// <summary>The processor's order for <paramref name="attempt"/>: the same on every call, so asking again replays the first.</summary>
    static PaymentOrder OrderOf(ProcessorAttempt attempt) => new(attempt.Id, attempt.Amount, attempt.Currency,
        new PaymentSource.ProcessorToken(attempt.PaymentMethodToken), attempt.ManualCapture, OffSession: false, SaveForLater: false,
        ProcessorCustomerId: null, Metadata: new Dictionary<string, string>
        {
            ["opencheckout_session"] = attempt.SessionId, ["opencheckout_payment_intent"] = attempt.PaymentIntentId, ["opencheckout_attempt"] = attempt.Id,
        }, attempt.ReturnUrl);

    async Task<PayResult> CallAsync(IPaymentProcessor processor, CheckoutSession session, ProcessorAttempt attempt, CancellationToken ct)
    {
        ChargeOutcome outcome;
        try
        {
            outcome = await processor.ChargeAsync(OrderOf(attempt), ct);
        }
        catch (ProcessorUnavailableException e)
        {
            log.LogWarning(e, "Attempt {AttemptId} of {SessionId}: outcome unknown, left to reconciliation", attempt.Id, session.Id);
            return new PayResult.Processing(session);
        }
        catch (ProcessorRefusedException e)
        {
            // Nothing was done (a payment method Stripe does not know, a revoked key): the buyer may try again.
            log.LogWarning("Attempt {AttemptId} of {SessionId} refused by the processor: {Code}", attempt.Id, session.Id, e.Code);
            outcome = new ChargeOutcome.Declined(e.Code, null, "The payment could not be made with these card details. Nothing was charged: try again.");
        }
        return await ResolveAsync(processor, session, attempt, outcome, ct);
    }

    /// <summary>Commits what the processor answered for <paramref name="attempt"/>, if nobody has yet.</summary>
    async Task<PayResult> ResolveAsync(IPaymentProcessor processor, CheckoutSession session, ProcessorAttempt attempt, ChargeOutcome outcome,
        CancellationToken ct)
    {
        var now = await clocks.NowAsync(session.TestClockId, ct);
        if (outcome is ChargeOutcome.RequiresAction action)
        {
            await writes.RunAsync(async (db, writeCt) =>
            {
                if (await MoveAsync(db, attempt, ProcessorAttemptStatus.RequiresAction, action.PaymentId, now, writeCt))
                    await SetIntentStatusAsync(db, attempt, PaymentIntentStatus.RequiresAction, now, writeCt);
                return 0;
            }, ct);
            return new PayResult.RequiresAction(session, action.ClientSecret);
        }

        var (card, paymentId, paymentMethod) = outcome switch
        {
            ChargeOutcome.Succeeded { Processor: { } charge } => (charge.Card, charge.PaymentId, charge.SavedToken ?? attempt.PaymentMethodToken),
            ChargeOutcome.Declined declined => (declined.Card ?? Unknown, declined.PaymentId, attempt.PaymentMethodToken),
            _ => throw new InvalidOperationException($"A remote processor answered {outcome.GetType().Name} without its payment."),
        };
        var committed = new ChargeAttempt(card, paymentMethod, outcome, attempt.Email, attempt.Name, attempt.Shipping?.Address,
            attempt.ShippingRateId, attempt.ExpectedTotal, SaveAs: null);
        var status = outcome is ChargeOutcome.Succeeded ? ProcessorAttemptStatus.Succeeded : ProcessorAttemptStatus.Declined;
        var result = await CommitAsync(session, committed, now, async (db, _, writeCt) =>
        {
            // Another node (the worker, a retry) committed this attempt first: roll this commit back.
            if (!await MoveAsync(db, attempt, status, paymentId, now, writeCt)) throw new ChargeAbandoned(AbandonReason.NotOpen);
        }, ct);
        if (result is PayResult.Paid or PayResult.Declined) return result;

        // Not committed: the attempt is still open if the session could not take the outcome (and not if another node committed it).
        if (outcome is ChargeOutcome.Succeeded && paymentId is not null)
            await ReverseAsync(processor, attempt, paymentId, now, ct);
        else
            await writes.RunAsync(async (db, writeCt) =>
            {
                if (await MoveAsync(db, attempt, ProcessorAttemptStatus.Declined, paymentId, now, writeCt))
                    await SetIntentStatusAsync(db, attempt, PaymentIntentStatus.RequiresPaymentMethod, now, writeCt);
                return 0;
            }, ct);
        return result;
    }

    static readonly CardSummary Unknown = new("unknown", "", 0, 0);

    /// <summary>Undoes a charge the session could not take: releases the authorization, or refunds a captured payment, keyed by the
    /// attempt so that the worker's retry of a lost answer acts once.</summary>
    async Task ReverseAsync(IPaymentProcessor processor, ProcessorAttempt attempt, string paymentId, DateTimeOffset now, CancellationToken ct)
    {
        var mine = await writes.RunAsync(async (db, writeCt) =>
        {
            var moved = await MoveAsync(db, attempt, ProcessorAttemptStatus.Reversing, paymentId, now, writeCt);
            if (moved) await SetIntentStatusAsync(db, attempt, PaymentIntentStatus.RequiresPaymentMethod, now, writeCt);
            return moved;
        }, ct);
        if (mine) await SendReversalAsync(processor, attempt, paymentId, ct);
    }

    async Task SendReversalAsync(IPaymentProcessor processor, ProcessorAttempt attempt, string paymentId, CancellationToken ct)
    {
        try
        {
            if (attempt.ManualCapture) await processor.CancelAsync(paymentId, $"{attempt.Id}-cancel", ct);
            else await processor.RefundAsync(paymentId, attempt.Amount, $"{attempt.Id}-refund", OrderOf(attempt).Metadata, ct);
        }
        catch (ProcessorUnavailableException e)
        {
            log.LogWarning(e, "Undoing attempt {AttemptId}: the processor did not answer; the worker tries again", attempt.Id);
            return;
        }
        var done = DateTime.UtcNow;
        await writes.RunAsync((db, writeCt) => db.ProcessorAttempts
            .Where(a => a.Id == attempt.Id && a.Status == ProcessorAttemptStatus.Reversing)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ProcessorAttemptStatus.Reversed).SetProperty(a => a.ResolvedAt, done), writeCt), ct);
        log.LogWarning("Attempt {AttemptId} of {SessionId} was charged after the session could no longer take it: undone", attempt.Id, attempt.SessionId);
    }

    /// <summary>Moves the attempt out of an open state (pending, or waiting for the buyer's action); false when it had left it.</summary>
    static async Task<bool> MoveAsync(CheckoutDb db, ProcessorAttempt attempt, string status, string? paymentId, DateTimeOffset now, CancellationToken ct)
    {
        var resolved = status is ProcessorAttemptStatus.RequiresAction ? (DateTime?)null : now.UtcDateTime;
        return await db.ProcessorAttempts
            .Where(a => a.Id == attempt.Id && (a.Status == ProcessorAttemptStatus.Pending || a.Status == ProcessorAttemptStatus.RequiresAction))
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.ProcessorPaymentId, a => paymentId ?? a.ProcessorPaymentId)
                .SetProperty(a => a.ResolvedAt, resolved), ct) == 1;
    }

    static Task<int> SetIntentStatusAsync(CheckoutDb db, ProcessorAttempt attempt, string status, DateTimeOffset now, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        return db.PaymentIntents.Where(p => p.Id == attempt.PaymentIntentId && p.Status != PaymentIntentStatus.Succeeded
                && p.Status != PaymentIntentStatus.RequiresCapture)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, status).SetProperty(p => p.UpdatedAt, nowUtc), ct);
    }

    /// <summary>The reconciliation worker's pass: asks the processor again about attempts whose answer was lost (pending longer
    /// than <c>Processors:ReconcileAfter</c>) with the same key, and retries reversals; returns how many attempts it settled.</summary>
    public async Task<int> ReconcileAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        List<ProcessorAttempt> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var before = cutoff.UtcDateTime;
            due = await scope.ServiceProvider.GetRequiredService<CheckoutDb>().ProcessorAttempts.AsNoTracking()
                .Where(a => (a.Status == ProcessorAttemptStatus.Pending || a.Status == ProcessorAttemptStatus.Reversing) && a.CreatedAt <= before)
                .OrderBy(a => a.CreatedAt).Take(50).ToListAsync(ct);
        }
        var settled = 0;
        foreach (var attempt in due)
        {
            if (await LiveProcessorAsync(attempt.AccountId, ct) is not { } processor)
            {
                log.LogError("Attempt {AttemptId} of {SessionId} cannot be reconciled: its account has no processor now", attempt.Id, attempt.SessionId);
                continue;
            }
            if (attempt.Status == ProcessorAttemptStatus.Reversing)
            {
                await SendReversalAsync(processor, attempt, attempt.ProcessorPaymentId!, ct);
                settled++;
                continue;
            }
            if (await ReloadAsync(attempt.SessionId, ct) is not { } session) continue;
            var result = await CallAsync(processor, session, attempt, ct);
            if (result is not PayResult.Processing) settled++;
            log.LogInformation("Reconciled attempt {AttemptId} of {SessionId}: {Result}", attempt.Id, attempt.SessionId, result.GetType().Name);
        }
        return settled;
    }
}
