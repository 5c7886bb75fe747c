using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Catalog;

static class ProductsApi
{
    public static void MapProducts(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/products").WithTags("Products");
        group.MapPost("/", Create).WithName("CreateProduct").WithSummary("Create a product.");
        group.MapGet("/", List).WithName("ListProducts").WithSummary("List products, newest first; filter by active.");
        group.MapGet("/{id}", Get).WithName("GetProduct").WithSummary("Retrieve a product.");
        group.MapPatch("/{id}", Update).WithName("UpdateProduct").WithSummary("Update a product.");
        group.MapPost("/{id}", Update).WithName("UpdateProductByPost").WithSummary("Update a product (POST spelling).");
    }

    static readonly string[] ReadOnlyFields = ["product_id", "id", "object", "created_at", "created", "test_mode", "livemode", "updated_at"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, CheckoutDb db, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "product");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var product = new Product
        {
            Id = ObjectId.New(ObjectId.Product, now),
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Name = fields!.String("name", 250, required: true) ?? "",
            CreatedAt = now.UtcDateTime,
        };
        Apply(fields, product);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        db.Products.Add(product);
        await db.SaveChangesAsync(http.RequestAborted);
        return WireResults.Json(new ProductEnvelope(product.ToWire()), WireJson.Default.ProductEnvelope);
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, CheckoutDb db, SessionPrices sessionPrices)
    {
        var product = await db.Products.OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, http.RequestAborted);
        if (product is null) return ApiErrors.NotFound("product", id).ToResult();
        var (fields, error) = await RequestBody.ReadAsync(http, "product");
        if (error is not null) return error.ToResult();
        if (fields!.Has("name")) product.Name = fields.String("name", 250, required: true) ?? product.Name;
        Apply(fields, product);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        await sessionPrices.SaveChangeAsync(db, http.RequestAborted);
        return WireResults.Json(new ProductEnvelope(product.ToWire()), WireJson.Default.ProductEnvelope);
    }

    /// <summary>The optional fields, shared by create and update: present means set (null clears).</summary>
    static void Apply(JsonFields fields, Product product)
    {
        fields.Ignore(ReadOnlyFields);
        fields.Ignore("name");
        if (fields.Contains("description")) product.Description = fields.String("description", 5000);
        if (fields.Boolean("active") is { } active) product.Active = active;
        if (fields.Metadata("metadata") is { } metadata) product.Metadata = metadata;
        if (fields.Contains("url")) product.Url = fields.String("url", 2048);
        if (fields.Contains("gtin")) product.Gtin = fields.String("gtin", 14);
        if (fields.Contains("upc_code")) product.UpcCode = fields.String("upc_code", 12);
        if (fields.Contains("reference_gtin")) product.ReferenceGtin = fields.String("reference_gtin", 14);
        if (fields.Contains("client_reference_id")) product.ClientReferenceId = fields.String("client_reference_id", 200);
        if (fields.Strings("image_urls", 8, 2048) is { } images) product.ImageUrls = images;
        if (fields.Strings("categories", 20, 100) is { } categories) product.Categories = categories;
        if (fields.String("hsa_fsa_eligibility", 40) is { } eligibility) product.HsaFsaEligibility = eligibility;
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        return product is null
            ? ApiErrors.NotFound("product", id).ToResult()
            : WireResults.Json(new ProductEnvelope(product.ToWire()), WireJson.Default.ProductEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.Products.AsNoTracking().OwnedBy(merchant);
        if (QueryFilters.Boolean(http.Request.Query, "active", out var filterError) is { } active) query = query.Where(p => p.Active == active);
        if (filterError is not null) return filterError.ToResult();
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Json(new ProductList(items.Select(p => p.ToWire()).ToList(), hasMore), WireJson.Default.ProductList);
    }
}
