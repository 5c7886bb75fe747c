using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Catalog;

static class ProductsApi
{
    public static void MapProducts(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/products").WithTags("Products");
        group.MapPost("/", Create)
            .WithName("CreateProduct")
            .Answers<ProductEnvelope>()
            .Takes<CreateProductRequest>()
            .WithSummary("Create a product.");
        group.MapGet("/", List)
            .WithName("ListProducts")
            .Answers<ProductList>()
            .Lists(Filter.Flag("active", "Only active (true) or retired (false) products."))
            .WithSummary("List products, newest first; filter by active.");
        group.MapGet("/{id}", Get)
            .WithName("GetProduct")
            .Answers<ProductEnvelope>()
            .WithSummary("Retrieve a product.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateProduct")
            .Answers<ProductEnvelope>()
            .Takes<UpdateProductRequest>()
            .WithSummary("Update a product.");
        group.MapPost("/{id}", Update)
            .WithName("UpdateProductByPost")
            .Answers<ProductEnvelope>()
            .Takes<UpdateProductRequest>()
            .WithSummary("Update a product (POST spelling).");
    }

    static readonly string[] ReadOnlyFields = ["product_id", "id", "object", "created_at", "created", "test_mode", "livemode", "updated_at"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "product");
        if (error is not null) return error.ToResult();
        var product = CatalogWrites.NewProduct(merchant, fields!.String("name", CatalogRules.ProductNameLength, required: true) ?? "", clock.GetUtcNow());
        foreach (var change in Changes(fields)) change(product);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        return await http.WriteAsync((db, _) =>
        {
            CatalogWrites.AddProduct(db, product);
            return Task.FromResult(Respond(product));
        });
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, CatalogWrites catalog)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "product");
        if (error is not null) return error.ToResult();
        var changes = Changes(fields!);
        if (fields!.Has("name") && fields.String("name", CatalogRules.ProductNameLength, required: true) is { } name) changes.Add(p => p.Name = name);
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var product = await CatalogWrites.FindProductAsync(db, merchant, id, ct);
            if (product is null) return ApiErrors.NotFound("product", id).ToResponse();
            if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResponse();
            catalog.ChangeProduct(db, product, changes);
            return Respond(product);
        });
    }

    /// <summary>The optional fields, shared by create and update: present means set (null clears). Parsed once, applied
    /// to the product inside the write.</summary>
    static List<Action<Product>> Changes(JsonFields fields)
    {
        fields.Ignore(ReadOnlyFields);
        fields.Ignore("name");
        var changes = new List<Action<Product>>();
        string? Text(string name, int maxLength) => fields.String(name, maxLength);
        if (fields.Contains("description") && Text("description", CatalogRules.DescriptionLength) is var description) changes.Add(p => p.Description = description);
        if (fields.Boolean("active") is { } active) changes.Add(p => p.Active = active);
        if (fields.Metadata("metadata") is { } metadata) changes.Add(p => p.Metadata = metadata);
        if (fields.Contains("url") && Text("url", 2048) is var url) changes.Add(p => p.Url = url);
        if (fields.Contains("gtin") && Text("gtin", 14) is var gtin) changes.Add(p => p.Gtin = gtin);
        if (fields.Contains("upc_code") && Text("upc_code", 12) is var upc) changes.Add(p => p.UpcCode = upc);
        if (fields.Contains("reference_gtin") && Text("reference_gtin", 14) is var referenceGtin) changes.Add(p => p.ReferenceGtin = referenceGtin);
        if (fields.Contains("client_reference_id") && Text("client_reference_id", 200) is var reference) changes.Add(p => p.ClientReferenceId = reference);
        if (fields.Strings("image_urls", 8, 2048) is { } images) changes.Add(p => p.ImageUrls = images);
        if (fields.Strings("categories", 20, 100) is { } categories) changes.Add(p => p.Categories = categories);
        if (fields.String("hsa_fsa_eligibility", 40) is { } eligibility) changes.Add(p => p.HsaFsaEligibility = eligibility);
        return changes;
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        return product is null
            ? ApiErrors.NotFound("product", id).ToResult()
            : WireResults.Json(new ProductEnvelope(product.ToWire()), WireJson.Default.ProductEnvelope);
    }

    static ApiResponse Respond(Product product) => ApiResponse.Json(new ProductEnvelope(product.ToWire()), WireJson.Default.ProductEnvelope);

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.Products.AsNoTracking().OwnedBy(merchant);
        if (QueryFilters.Boolean(http.Request.Query, "active", out var filterError) is { } active) query = query.Where(p => p.Active == active);
        if (filterError is not null) return filterError.ToResult();
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(p => p.ToWire()).ToList(), hasMore, (page, more) => new ProductList(page, more), WireJson.Default.ProductList);
    }
}
