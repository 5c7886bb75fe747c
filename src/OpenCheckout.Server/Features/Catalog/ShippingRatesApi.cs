using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Catalog;

static class ShippingRatesApi
{
    public static void MapShippingRates(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/shipping_rates").WithTags("Shipping Rates");
        group.MapPost("/", Create)
            .WithName("CreateShippingRate")
            .Answers<ShippingRateEnvelope>()
            .Takes<CreateShippingRateRequest>()
            .WithSummary("Create a fixed shipping rate for sessions to offer.");
        group.MapGet("/", List)
            .WithName("ListShippingRates")
            .Answers<ShippingRateList>()
            .Lists(Filter.Flag("active", "Only active (true) or retired (false) rates."))
            .WithSummary("List shipping rates, newest first; filter by active.");
        group.MapGet("/{id}", Get)
            .WithName("GetShippingRate")
            .Answers<ShippingRateEnvelope>()
            .WithSummary("Retrieve a shipping rate.");
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "shipping_rate");
        if (error is not null) return error.ToResult();
        var terms = ShippingRateTerms.Parse(fields!);
        if (terms is null) return ApiErrors.Invalid(fields!.Errors).ToResult();
        var rate = CatalogWrites.NewShippingRate(merchant, terms, clock.GetUtcNow());
        return await http.WriteAsync((db, _) =>
        {
            CatalogWrites.AddShippingRate(db, rate);
            return Task.FromResult(ApiResponse.Json(new ShippingRateEnvelope(rate.ToWire()), WireJson.Default.ShippingRateEnvelope));
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var rate = await db.ShippingRates.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(r => r.Id == id, ct);
        return rate is null
            ? ApiErrors.NotFound("shipping rate", id).ToResult()
            : WireResults.Json(new ShippingRateEnvelope(rate.ToWire()), WireJson.Default.ShippingRateEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.ShippingRates.AsNoTracking().OwnedBy(merchant);
        if (QueryFilters.Boolean(http.Request.Query, "active", out var filterError) is { } active) query = query.Where(r => r.Active == active);
        if (filterError is not null) return filterError.ToResult();
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(r => r.ToWire()).ToList(), hasMore, (page, more) => new ShippingRateList(page, more), WireJson.Default.ShippingRateList);
    }
}
