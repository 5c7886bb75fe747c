using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>Promotion codes (contract section 12; Stripe's promotion_code with Flex's naming): create, list, get, update.
/// A code is unique regardless of case among the active codes of an account's mode: a second gets 409
/// <c>promo_code_exists</c> naming the first.</summary>
static class PromoCodesApi
{
    public static void MapPromoCodes(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/promo_codes").WithTags("Promotion codes");
        group.MapPost("/", Create)
            .WithName("CreatePromoCode")
            .Answers<PromoCodeEnvelope>()
            .Takes<CreatePromoCodeRequest>()
            .WithSummary("Create a promotion code for a coupon; 409 promo_code_exists when an active code is spelt the same.");
        group.MapGet("/", List)
            .WithName("ListPromoCodes")
            .Answers<PromoCodeList>()
            .Lists(
                Filter.Text("code", "Only the codes spelt so, regardless of case."),
                Filter.Text("active", "true or false: only active or only inactive codes."),
                Filter.Text("coupon", "Only codes for this coupon."))
            .WithSummary("List promotion codes, newest first; filter by code, active, coupon.");
        group.MapGet("/{id}", Get)
            .WithName("GetPromoCode")
            .Answers<PromoCodeEnvelope>()
            .WithSummary("Retrieve a promotion code.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdatePromoCode")
            .Answers<PromoCodeEnvelope>()
            .Takes<UpdatePromoCodeRequest>()
            .WithSummary("Update a promotion code: active, metadata.");
        group.MapPost("/{id}", Update)
            .WithName("UpdatePromoCodeByPost")
            .Answers<PromoCodeEnvelope>()
            .Takes<UpdatePromoCodeRequest>()
            .WithSummary("Update a promotion code (POST spelling).");
    }

    static readonly string[] ReadOnlyFields = ["promo_code_id", "id", "object", "times_redeemed", "coupon", "created_at", "created", "test_mode", "livemode"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "promo_code");
        if (error is not null) return error.ToResult();
        var f = fields!;
        var now = clock.GetUtcNow();
        var couponId = f.String("coupon_id", 100, required: true);
        var code = f.String("code", PromoCode.CodeLength, required: true)?.Trim();
        if (code is not null && (code.Length == 0 || !code.All(char.IsAsciiLetterOrDigit)))
            f.AddError("code", "code_invalid", "code must be letters (a-z, A-Z) and digits only.");
        var active = f.Boolean("active") ?? true;
        var maxRedemptions = f.Integer("max_redemptions", min: 1);
        var expiresAtSeconds = f.Integer("expires_at", min: 1, max: 253402300799);
        if (expiresAtSeconds is { } s && s <= now.ToUnixTimeSeconds()) f.AddError("expires_at", "parameter_out_of_range", "expires_at must be in the future.");
        var restrictions = f.Object("restrictions");
        var firstTime = restrictions?.Boolean("first_time_transaction") ?? false;
        var minimum = restrictions?.Integer("minimum_amount", min: 1);
        var minimumCurrency = restrictions?.String("minimum_amount_currency", CatalogRules.CurrencyLength)?.ToLowerInvariant();
        if (minimumCurrency is not null && CatalogRules.UnsupportedCurrency(minimumCurrency) is { } unsupported)
            restrictions!.AddError("minimum_amount_currency", "currency_invalid", unsupported);
        restrictions?.RejectUnknown();
        var metadata = f.Metadata("metadata") ?? [];
        f.Ignore(ReadOnlyFields);
        f.RejectUnknown();
        if (f.HasErrors) return ApiErrors.Invalid(f.Errors).ToResult();

        var terms = new PromoCodeWrites.Terms(code!, couponId!, active, maxRedemptions,
            expiresAtSeconds is { } at ? DateTimeOffset.FromUnixTimeSeconds(at).UtcDateTime : null, firstTime, minimum, minimumCurrency, metadata);
        return await http.WriteAsync(async (db, ct) =>
            await PromoCodeWrites.CreateAsync(db, merchant, terms, now, ct) is var (promo, coupon, refused) && refused is null
                ? Respond(promo!, coupon!)
                : refused.ToResponse());
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "promo_code");
        if (error is not null) return error.ToResult();
        var f = fields!;
        var active = f.Boolean("active");
        var metadata = f.Metadata("metadata");
        f.Ignore(ReadOnlyFields);
        f.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            if (!await db.PromoCodes.OwnedBy(merchant).AnyAsync(p => p.Id == id, ct)) return ApiErrors.NotFound("promo_code", id).ToResponse();
            if (f.HasErrors) return ApiErrors.Invalid(f.Errors).ToResponse();
            var (promo, coupon, refused) = await PromoCodeWrites.UpdateAsync(db, merchant, id, active, metadata, ct);
            return refused is null ? Respond(promo!, coupon!) : refused.ToResponse();
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var promo = await db.PromoCodes.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promo is null) return ApiErrors.NotFound("promo_code", id).ToResult();
        var coupon = await db.Coupons.AsNoTracking().FirstAsync(c => c.Id == promo.CouponId, ct);
        return WireResults.Json(new PromoCodeEnvelope(promo.ToWire(coupon)), WireJson.Default.PromoCodeEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.PromoCodes.AsNoTracking().OwnedBy(merchant);
        if (http.Request.Query["code"].FirstOrDefault() is { } code)
        {
            var key = PromoCode.KeyOf(code);
            query = query.Where(p => p.CodeKey == key);
        }
        if (http.Request.Query["coupon"].FirstOrDefault() is { } couponId) query = query.Where(p => p.CouponId == couponId);
        if (http.Request.Query["active"].FirstOrDefault() is { } activeText)
        {
            if (!bool.TryParse(activeText, out var active))
                return ApiErrors.Invalid("active", "parameter_invalid", "active must be true or false.").ToResult();
            query = query.Where(p => p.Active == active);
        }
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        var couponIds = items.Select(p => p.CouponId).Distinct().ToList();
        var coupons = await db.Coupons.AsNoTracking().Where(c => couponIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return WireResults.Page(items.Select(p => p.ToWire(coupons[p.CouponId])).ToList(), hasMore,
            (page, more) => new PromoCodeList(page, more), WireJson.Default.PromoCodeList);
    }

    static ApiResponse Respond(PromoCode promo, Coupon coupon) =>
        ApiResponse.Json(new PromoCodeEnvelope(promo.ToWire(coupon)), WireJson.Default.PromoCodeEnvelope);
}
