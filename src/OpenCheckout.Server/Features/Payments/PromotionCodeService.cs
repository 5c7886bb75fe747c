using Microsoft.EntityFrameworkCore;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>What became of a code the buyer entered or removed.</summary>
public abstract record PromotionCodeResult
{
    public sealed record Applied(CheckoutSession Session) : PromotionCodeResult;
    /// <summary>The code cannot be used on this session: <paramref name="Message"/> says why, in the buyer's words. Nothing changed.</summary>
    public sealed record Rejected(CheckoutSession Session, string Message) : PromotionCodeResult;
    /// <summary>The session is complete or expired: nothing changed.</summary>
    public sealed record NotOpen(CheckoutSession Session) : PromotionCodeResult;
    public sealed record Gone : PromotionCodeResult;
}

/// <summary>Promotion codes on the hosted page: a code the buyer enters becomes one more discount on the open session
/// (replacing any code entered before), and the session is priced again. The code's restrictions are checked here and again
/// by <see cref="RefusalAtPaymentAsync"/> inside the payment's transaction, where its redemption is counted: a code that
/// expired, was deactivated or used up while the buyer typed their card is not honoured.</summary>
public sealed class PromotionCodeService(IUnitOfWork writes, TimeProvider clock)
{
    public const string Field = "promotion_code";

    const string NotValid = PromoCode.NotValid;
    const string UsedUp = PromoCode.UsedUp;
    const string FirstTimeOnly = PromoCode.FirstTimeOnly;
    const string NotApplicable = "This code doesn't apply to anything in this order.";

    public Task<PromotionCodeResult> ApplyAsync(string sessionId, string? code, CancellationToken ct)
    {
        var key = PromoCode.KeyOf(code ?? "");
        return OnOpenSessionAsync(sessionId, async (db, session, now, ct) =>
        {
            if (!session.AllowPromotionCodes) return new PromotionCodeResult.Rejected(session, "This checkout takes no promotion codes.");
            if (key.Length == 0) return new PromotionCodeResult.Rejected(session, "Enter a promotion code.");
            if (key.Length > PromoCode.CodeLength) return new PromotionCodeResult.Rejected(session, NotValid);

            var found = await db.PromoCodes.AsNoTracking()
                .Where(p => p.AccountId == session.AccountId && p.TestMode == session.TestMode && p.CodeKey == key && p.Active)
                .Join(db.Coupons, p => p.CouponId, c => c.Id, (p, c) => new { Promo = p, Coupon = c })
                .FirstOrDefaultAsync(ct);
            if (found is null) return new PromotionCodeResult.Rejected(session, NotValid);
            // The buyer's email is not known yet unless the merchant gave it; payment checks first-time-ness again with the one entered.
            var refusal = found.Promo.Refusal(found.Coupon, session.Currency, session.AmountSubtotal, now.UtcDateTime)
                ?? (found.Promo.FirstTimeTransaction && await HasPaidBeforeAsync(db, session, session.CustomerId, session.Defaults?.Email, ct)
                    ? FirstTimeOnly : null);
            if (refusal is not null) return new PromotionCodeResult.Rejected(session, refusal);

            var discounts = session.Discounts.Where(d => d.PromotionCodeId is null).Append(SessionDiscount.Of(found.Coupon, found.Promo)).ToList();
            return await RepriceAsync(db, session, discounts, now, ct) ?? new PromotionCodeResult.Rejected(session, NotApplicable);
        }, ct);
    }

    /// <summary>Takes the buyer's code off the open session and prices it again.</summary>
    public Task<PromotionCodeResult> RemoveAsync(string sessionId, CancellationToken ct) =>
        OnOpenSessionAsync(sessionId, async (db, session, now, ct) =>
        {
            if (session.Discounts.All(d => d.PromotionCodeId is null)) return new PromotionCodeResult.Applied(session);
            // The merchant's own discounts applied to the session before, so they still do.
            return await RepriceAsync(db, session, session.Discounts.Where(d => d.PromotionCodeId is null).ToList(), now, ct)
                ?? throw new InvalidOperationException("The session's own discounts no longer apply to its lines.");
        }, ct);

    /// <summary>Runs <paramref name="change"/> in a unit of work on the session as stored, if it is still open.</summary>
    Task<PromotionCodeResult> OnOpenSessionAsync(string sessionId,
        Func<CheckoutDb, CheckoutSession, DateTimeOffset, CancellationToken, Task<PromotionCodeResult>> change, CancellationToken ct) =>
        writes.RunAsync<PromotionCodeResult>(async (db, ct) =>
        {
            var now = clock.GetUtcNow();
            var session = await db.CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            if (session is null) return new PromotionCodeResult.Gone();
            if (SessionStatus.Effective(session.Status, session.ExpiresAt, now) != SessionStatus.Open) return new PromotionCodeResult.NotOpen(session);
            return await change(db, session, now, ct);
        }, ct);

    /// <summary>Inside the payment's transaction, with the session already complete: why the buyer's code cannot be honoured
    /// (null when it can, or when <paramref name="discounts"/>, the session's as it is now, have none); when it can, its redemption is counted. <paramref name="countedCoupons"/>
    /// are the coupons the payment counts itself (the merchant's discounts): a code's coupon among them is not counted twice.</summary>
    public static async Task<string?> RefusalAtPaymentAsync(CheckoutDb db, CheckoutSession session, List<SessionDiscount> discounts,
        string customerId, string email, IReadOnlyCollection<string> countedCoupons, DateTimeOffset now, CancellationToken ct)
    {
        if (discounts.FirstOrDefault(d => d.PromotionCodeId is not null) is not { } entered) return null;
        var nowUtc = now.UtcDateTime;
        var found = await db.PromoCodes.AsNoTracking().Where(p => p.Id == entered.PromotionCodeId)
            .Join(db.Coupons, p => p.CouponId, c => c.Id, (p, c) => new { Promo = p, Coupon = c })
            .FirstOrDefaultAsync(ct);
        if (found is null) return NotValid;
        var refusal = found.Promo.Refusal(found.Coupon, session.Currency, session.AmountSubtotal, nowUtc)
            ?? (found.Promo.FirstTimeTransaction && await HasPaidBeforeAsync(db, session, customerId, email, ct) ? FirstTimeOnly : null);
        if (refusal is not null) return refusal;
        // Counted by conditional updates, so of any number of payments at once on any node only as many as the code allows complete.
        if (await db.PromoCodes
                .Where(p => p.Id == found.Promo.Id && p.Active && (p.ExpiresAt == null || p.ExpiresAt > nowUtc)
                    && (p.MaxRedemptions == null || p.TimesRedeemed < p.MaxRedemptions))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.TimesRedeemed, p => p.TimesRedeemed + 1), ct) == 0)
            return UsedUp;
        if (!countedCoupons.Contains(found.Coupon.Id) && await db.Coupons
                .Where(c => c.Id == found.Coupon.Id && (c.MaxRedemptions == null || c.TimesRedeemed < c.MaxRedemptions))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.TimesRedeemed, c => c.TimesRedeemed + 1), ct) == 0)
            return UsedUp;
        return null;
    }

    /// <summary>Whether the buyer (by customer or email) completed another checkout of this account before.</summary>
    static async Task<bool> HasPaidBeforeAsync(CheckoutDb db, CheckoutSession session, string? customerId, string? email, CancellationToken ct)
    {
        var earlier = db.CheckoutSessions.Where(s => s.AccountId == session.AccountId && s.TestMode == session.TestMode
            && s.Status == SessionStatus.Complete && s.Id != session.Id);
        return customerId is not null && await earlier.AnyAsync(s => s.CustomerId == customerId, ct)
            || !string.IsNullOrWhiteSpace(email) && await earlier.AnyAsync(s => s.CustomerEmail == email.Trim(), ct);
    }

    /// <summary>Stores <paramref name="discounts"/> on the open session and the prices they make. Null when one of them applies
    /// to no line. The total is made from the stored parts in the update itself, so a shipping choice saved meanwhile stays counted.</summary>
    static async Task<PromotionCodeResult?> RepriceAsync(CheckoutDb db, CheckoutSession session, List<SessionDiscount> discounts,
        DateTimeOffset now, CancellationToken ct)
    {
        if (SessionPricing.Discounted(session.LineItems, discounts, out _) is not { } discounted) return null;
        var (lines, priced) = discounted;
        var amountDiscount = priced.Sum(d => d.Amount); // never more than the subtotal, so the total only falls
        var nowUtc = now.UtcDateTime;
        var changed = await db.CheckoutSessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Open && s.ExpiresAt > nowUtc)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.LineItems, lines)
                .SetProperty(s => s.Discounts, priced)
                .SetProperty(s => s.AmountDiscount, amountDiscount)
                .SetProperty(s => s.AmountTotal, s => s.AmountSubtotal - amountDiscount + s.AmountShipping + s.AmountTax + s.AmountFees), ct);
        var latest = await db.CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == session.Id, ct);
        if (latest is null) return new PromotionCodeResult.Gone();
        return changed == 0 ? new PromotionCodeResult.NotOpen(latest) : new PromotionCodeResult.Applied(latest);
    }
}
