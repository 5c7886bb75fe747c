using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>Making and (de)activating promotion codes, inside a unit of work: the one path of the API and the dashboard.</summary>
static class PromoCodeWrites
{
    /// <summary>A new code's terms, already checked field by field.</summary>
    public sealed record Terms(string Code, string CouponId, bool Active, long? MaxRedemptions, DateTime? ExpiresAt, bool FirstTimeTransaction,
        long? MinimumAmount, string? MinimumAmountCurrency, Dictionary<string, string> Metadata);

    /// <summary>The stored code and its coupon, or why not: an unknown coupon (422), or an active code spelt the same (409).</summary>
    public static async Task<(PromoCode? Promo, Coupon? Coupon, ApiError? Error)> CreateAsync(CheckoutDb db, Merchant merchant, Terms terms,
        DateTimeOffset now, CancellationToken ct)
    {
        var coupon = await db.Coupons.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == terms.CouponId, ct);
        if (coupon is null) return (null, null, ApiErrors.CouponNotFound("coupon_id", terms.CouponId));
        var promo = new PromoCode
        {
            Id = ObjectId.New(ObjectId.PromoCode, now), AccountId = merchant.AccountId, TestMode = merchant.TestMode,
            Code = terms.Code, CodeKey = PromoCode.KeyOf(terms.Code), CouponId = coupon.Id, Active = terms.Active, MaxRedemptions = terms.MaxRedemptions,
            ExpiresAt = terms.ExpiresAt, FirstTimeTransaction = terms.FirstTimeTransaction, MinimumAmount = terms.MinimumAmount,
            MinimumAmountCurrency = terms.MinimumAmountCurrency, Metadata = terms.Metadata, CreatedAt = now.UtcDateTime,
        };
        if (terms.Active && await TakenByAsync(db, merchant, promo.CodeKey, exceptId: null, ct) is { } taken) return (null, null, Exists(terms.Code, taken));
        db.PromoCodes.Add(promo);
        return (promo, coupon, null);
    }

    /// <summary>Sets <paramref name="active"/> and <paramref name="metadata"/> (null: unchanged) on a code the merchant owns; re-activating
    /// one while another active code is spelt the same is a 409.</summary>
    public static async Task<(PromoCode? Promo, Coupon? Coupon, ApiError? Error)> UpdateAsync(CheckoutDb db, Merchant merchant, string id,
        bool? active, Dictionary<string, string>? metadata, CancellationToken ct)
    {
        var promo = await db.PromoCodes.OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promo is null) return (null, null, ApiErrors.NotFound("promo_code", id));
        if (active == true && !promo.Active && await TakenByAsync(db, merchant, promo.CodeKey, exceptId: promo.Id, ct) is { } taken)
            return (null, null, Exists(promo.Code, taken));
        if (active is { } a) promo.Active = a;
        if (metadata is not null) promo.Metadata = metadata;
        var coupon = await db.Coupons.AsNoTracking().FirstAsync(c => c.Id == promo.CouponId, ct);
        return (promo, coupon, null);
    }

    /// <summary>The id of the active code of this account and mode spelt <paramref name="key"/>, other than
    /// <paramref name="exceptId"/>. The partial unique index decides a race between nodes: the loser's unit of work runs
    /// again and finds the winner here.</summary>
    static Task<string?> TakenByAsync(CheckoutDb db, Merchant merchant, string key, string? exceptId, CancellationToken ct) =>
        db.PromoCodes.OwnedBy(merchant).Where(p => p.CodeKey == key && p.Active && p.Id != exceptId).Select(p => p.Id).FirstOrDefaultAsync(ct);

    static ApiError Exists(string code, string promoCodeId) =>
        ApiErrors.StateConflict("promo_code_exists", $"An active promotion code '{code}' already exists: {promoCodeId}.") with { Param = "code" };
}
