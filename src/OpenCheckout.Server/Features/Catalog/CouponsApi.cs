using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Catalog;

static class CouponsApi
{
    public static void MapCoupons(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/coupons").WithTags("Coupons");
        group.MapPost("/", Create)
            .WithName("CreateCoupon")
            .Answers<CouponEnvelope>()
            .Takes<CreateCouponRequest>()
            .WithSummary("Create a coupon: amount_off or percent_off, optionally limited to prices or products.");
        group.MapGet("/", List)
            .WithName("ListCoupons")
            .Answers<CouponList>()
            .Lists()
            .WithSummary("List coupons, newest first.");
        group.MapGet("/{id}", Get)
            .WithName("GetCoupon")
            .Answers<CouponEnvelope>()
            .WithSummary("Retrieve a coupon.");
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "coupon");
        if (error is not null) return error.ToResult();
        var terms = CouponTerms.Parse(fields!);
        if (terms is null) return ApiErrors.Invalid(fields!.Errors).ToResult();
        var coupon = CatalogWrites.NewCoupon(merchant, terms, clock.GetUtcNow());
        return await http.WriteAsync((db, _) =>
        {
            CatalogWrites.AddCoupon(db, coupon);
            return Task.FromResult(ApiResponse.Json(new CouponEnvelope(coupon.ToWire()), WireJson.Default.CouponEnvelope));
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var coupon = await db.Coupons.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
        return coupon is null
            ? ApiErrors.NotFound("coupon", id).ToResult()
            : WireResults.Json(new CouponEnvelope(coupon.ToWire()), WireJson.Default.CouponEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var (items, hasMore) = await db.Coupons.AsNoTracking().OwnedBy(merchant).PageAsync(paging!, ct);
        return WireResults.Page(items.Select(c => c.ToWire()).ToList(), hasMore, (page, more) => new CouponList(page, more), WireJson.Default.CouponList);
    }
}
