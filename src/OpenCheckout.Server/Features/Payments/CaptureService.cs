using Microsoft.EntityFrameworkCore;
using OpenCheckout.Processors;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Time;
using Charge = OpenCheckout.Wire.Charge;
using WireJson = OpenCheckout.Wire.WireJson;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>What becomes of a manual-capture session's authorization: captured (<see cref="CaptureAsync"/>), released by the
/// merchant (<see cref="CancelAsync"/>) or lapsed uncaptured (<see cref="LapseAsync"/>, run by
/// <see cref="AuthorizationLapseWorker"/>). Exactly one of them happens, however they race on any node: each is a conditional
/// update of the payment intent from requires_capture, inside the unit of work that records its events (and its capture),
/// so the loser changes nothing and is told the status the winner left.</summary>
public sealed class CaptureService(EventLog events, IObjectClock clocks, ILogger<CaptureService> log)
{
    /// <summary>Live: the processor captures or releases the authorization first (<paramref name="call"/>, given the processor, its
    /// payment id and the payment intent), then the unit of work records it. Keyed by the payment intent, so a retry after a lost
    /// answer, or after a crash before the record, replays the processor's one capture. Null in test mode, when the session has
    /// nothing to capture (the unit of work says why), or when the call went through.</summary>
    static async Task<ApiError?> AtProcessorAsync(CheckoutDb db, ILiveProcessors processors, string sessionId, Merchant merchant,
        Func<IPaymentProcessor, string, PaymentIntent, CancellationToken, Task> call, CancellationToken ct)
    {
        if (merchant.TestMode) return null;
        var intent = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).Where(s => s.Id == sessionId)
            .Join(db.PaymentIntents, s => s.PaymentIntentId, p => p.Id, (s, p) => p).FirstOrDefaultAsync(ct);
        if (intent is null || intent.Status != PaymentIntentStatus.RequiresCapture) return null;
        var paymentId = await ProcessorPayments.IdAsync(db, intent.Id, ct);
        if (paymentId is null || await processors.LiveAsync(merchant.AccountId, ct) is not { } processor) return ApiErrors.ProcessorNotConfigured();
        try
        {
            await call(processor, paymentId, intent, ct);
            return null;
        }
        catch (ProcessorUnavailableException)
        {
            return ApiErrors.ProcessorUnavailable();
        }
        catch (ProcessorRefusedException e)
        {
            return ApiErrors.ProcessorRefused(e.Code, e.Message);
        }
    }

    /// <summary>Live: captures <paramref name="amount"/> (null: all that is authorized) at the processor, keyed by the payment
    /// intent. An amount past what is authorized is left to the unit of work to refuse, in our words.</summary>
    public static Task<ApiError?> CaptureAtProcessorAsync(CheckoutDb db, ILiveProcessors processors, string sessionId, Merchant merchant,
        long? amount, CancellationToken ct) =>
        AtProcessorAsync(db, processors, sessionId, merchant, (processor, paymentId, intent, callCt) =>
            amount > intent.AmountCapturable ? Task.CompletedTask
                : processor.CaptureAsync(paymentId, amount ?? intent.AmountCapturable, $"{intent.Id}-capture", callCt), ct);

    /// <summary>Live: releases the authorization at the processor, keyed by the payment intent.</summary>
    public static Task<ApiError?> CancelAtProcessorAsync(CheckoutDb db, ILiveProcessors processors, string sessionId, Merchant merchant,
        CancellationToken ct) =>
        AtProcessorAsync(db, processors, sessionId, merchant, (processor, paymentId, intent, callCt) =>
            processor.CancelAsync(paymentId, $"{intent.Id}-cancel", callCt), ct);

    /// <summary>Takes the authorized payment of the merchant's session <paramref name="sessionId"/> (all of it, or
    /// <paramref name="amount"/> of it, the rest released) and stores its capture with <paramref name="metadata"/>; the session
    /// becomes paid. Inside a unit of work on <paramref name="db"/>. Null when the merchant has no such session.</summary>
    public async Task<CaptureResult?> CaptureAsync(CheckoutDb db, string sessionId, Merchant merchant, long? amount,
        Dictionary<string, string> metadata, CancellationToken ct)
    {
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return null;
        var now = await clocks.NowAsync(db, session.TestClockId, ct);
        var status = SessionStatus.Effective(session.Status, session.ExpiresAt, now);
        if (status != SessionStatus.Complete || session.PaymentIntentId is null)
            return new CaptureResult.Refused(ApiErrors.SessionNotCapturable(status));
        var intent = await db.PaymentIntents.FirstAsync(p => p.Id == session.PaymentIntentId, ct);
        if (intent.Status != PaymentIntentStatus.RequiresCapture)
            return new CaptureResult.Refused(ApiErrors.PaymentIntentNotCapturable(intent.Status));
        var captured = amount ?? intent.AmountCapturable;
        if (captured > intent.AmountCapturable)
            return new CaptureResult.Refused(ApiErrors.CaptureAmountTooLarge(captured, intent.AmountCapturable));
        if (!await MoveFromRequiresCaptureAsync(db, intent, PaymentIntentStatus.Succeeded, now, ct))
            return new CaptureResult.Refused(ApiErrors.PaymentIntentNotCapturable(await StatusAsync(db, intent.Id, ct)));
        var whole = captured == intent.AmountCapturable;
        intent.AmountReceived = captured;
        intent.AmountCapturable = 0;
        await db.CheckoutSessions.Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.PaymentStatus, PaymentStatus.Paid), ct);
        var capture = Capture.Of(intent, captured, whole ? (session.AmountShipping, session.AmountDiscount, session.AmountTax) : (0, 0, 0),
            metadata, now);
        db.Captures.Add(capture);
        Record(db, intent, EventTypes.PaymentIntentSucceeded);
        Record(db, intent, EventTypes.ChargeSucceeded, intent.ToCharge());
        Record(db, intent, EventTypes.ChargeCaptured, intent.ToCharge());
        await db.SaveChangesAsync(ct);
        log.LogInformation("Captured {Amount} of {PaymentIntentId} for {SessionId} as {CaptureId}", captured, intent.Id, session.Id, capture.Id);
        return new CaptureResult.Captured(await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, ct), capture);
    }

    /// <summary>Releases the authorization of the merchant's session <paramref name="sessionId"/> without capturing it (Stripe's
    /// PaymentIntent cancel): the payment intent becomes canceled, <c>payment_intent.canceled</c> is recorded, and the session
    /// stays complete and unpaid. Inside a unit of work on <paramref name="db"/>. Null when the merchant has no such session.</summary>
    public async Task<CancelResult?> CancelAsync(CheckoutDb db, string sessionId, Merchant merchant, CancellationToken ct)
    {
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return null;
        var now = await clocks.NowAsync(db, session.TestClockId, ct);
        var status = SessionStatus.Effective(session.Status, session.ExpiresAt, now);
        if (status != SessionStatus.Complete || session.PaymentIntentId is null)
            return new CancelResult.Refused(ApiErrors.SessionNotCancelable(status));
        var intent = await db.PaymentIntents.FirstAsync(p => p.Id == session.PaymentIntentId, ct);
        if (intent.Status != PaymentIntentStatus.RequiresCapture)
            return new CancelResult.Refused(ApiErrors.PaymentIntentNotCancelable(intent.Status));
        if (!await MoveFromRequiresCaptureAsync(db, intent, PaymentIntentStatus.Canceled, now, ct))
            return new CancelResult.Refused(ApiErrors.PaymentIntentNotCancelable(await StatusAsync(db, intent.Id, ct)));
        intent.AmountCapturable = 0;
        Record(db, intent, EventTypes.PaymentIntentCanceled);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Released the authorization of {PaymentIntentId} for {SessionId}", intent.Id, session.Id);
        return new CancelResult.Canceled(session);
    }

    /// <summary>Releases <paramref name="intent"/>'s authorization because it was not captured in time, recording
    /// <c>charge.expired</c> and <c>payment_intent.canceled</c>; false (nothing recorded) when it no longer requires capture.
    /// Inside a unit of work on <paramref name="db"/>, whose caller saves.</summary>
    public async Task<bool> LapseAsync(CheckoutDb db, PaymentIntent intent, DateTimeOffset now, CancellationToken ct)
    {
        if (!await MoveFromRequiresCaptureAsync(db, intent, PaymentIntentStatus.Canceled, now, ct)) return false;
        intent.AmountCapturable = 0;
        Record(db, intent, EventTypes.ChargeExpired, intent.ToCharge());
        Record(db, intent, EventTypes.PaymentIntentCanceled);
        log.LogInformation("The authorization of {PaymentIntentId} lapsed uncaptured", intent.Id);
        return true;
    }

    /// <summary>The guard: of a capture, a cancel and a lapse racing, only the first to change the row finds it still
    /// requires_capture. <paramref name="intent"/> (tracked) then carries the new status for the save.</summary>
    static async Task<bool> MoveFromRequiresCaptureAsync(CheckoutDb db, PaymentIntent intent, string status, DateTimeOffset now, CancellationToken ct)
    {
        var moved = await db.PaymentIntents.Where(p => p.Id == intent.Id && p.Status == PaymentIntentStatus.RequiresCapture)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, status), ct);
        if (moved == 0) return false;
        intent.Status = status;
        intent.UpdatedAt = now.UtcDateTime;
        return true;
    }

    /// <summary>The status the winner of a race left (read afresh: the tracked entity still shows the one this request read).</summary>
    static Task<string> StatusAsync(CheckoutDb db, string intentId, CancellationToken ct) =>
        db.PaymentIntents.AsNoTracking().Where(p => p.Id == intentId).Select(p => p.Status).FirstAsync(ct);

    void Record(CheckoutDb db, PaymentIntent intent, string type) =>
        events.Record(db, intent.AccountId, intent.TestMode, type, "payment_intent", intent.ToWire(), WireJson.Default.PaymentIntent);

    void Record(CheckoutDb db, PaymentIntent intent, string type, Charge charge) =>
        events.Record(db, intent.AccountId, intent.TestMode, type, "charge", charge, WireJson.Default.Charge);
}
