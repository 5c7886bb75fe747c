using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>Products, newest first, filtered by active or retired and paged by cursor (the last id shown); and a new
/// product, through the API's <see cref="CatalogWrites"/> with its limits.</summary>
public sealed class CatalogProductsModel(CheckoutDb db, IUnitOfWork writes, TimeProvider clock) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<Product> Products { get; private set; } = [];
    public IReadOnlyDictionary<string, int> PriceCounts { get; private set; } = new Dictionary<string, int>();
    public string? NextAfter { get; private set; }
    public string? FilterError { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Name { get; private set; }
    public string? Description { get; private set; }
    public bool Active { get; private set; } = true;

    public async Task OnGetAsync() => await LoadAsync();

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostCreateAsync(string? name, string? description, bool active)
    {
        (Name, Description, Active) = (name, description, active);
        var form = new FormInput();
        var checkedName = form.Text(name, "Name", CatalogRules.ProductNameLength, required: true);
        var checkedDescription = form.Text(description, "Description", CatalogRules.DescriptionLength);
        if (form.HasErrors)
        {
            Errors = form.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
        var product = CatalogWrites.NewProduct(Merchant, checkedName!, clock.GetUtcNow());
        product.Description = checkedDescription;
        product.Active = active;
        await writes.RunAsync((db, _) =>
        {
            CatalogWrites.AddProduct(db, product);
            return Task.FromResult(product);
        }, HttpContext.RequestAborted);
        TempData["Done"] = $"Created {product.Name}.";
        return Redirect($"/dashboard/{Mode}/products/{product.Id}");
    }

    /// <summary>This page's filter in a query string, with <c>after</c> replaced.</summary>
    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?> { ["status"] = Status, ["after"] = after }
        .Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    async Task LoadAsync()
    {
        ViewData["Section"] = "catalog";
        ViewData["Catalog"] = "products";
        var ct = HttpContext.RequestAborted;
        var query = db.Products.AsNoTracking().OwnedBy(Merchant);
        switch (Status)
        {
            case null or "": break;
            case "active": query = query.Where(p => p.Active); break;
            case "retired": query = query.Where(p => !p.Active); break;
            default: FilterError = "Status must be active or retired."; return;
        }
        if (After is not null) query = query.Where(p => string.Compare(p.Id, After) < 0);
        var page = await query.OrderByDescending(p => p.Id).Take(PageSize + 1).ToListAsync(ct);
        Products = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Products[^1].Id : null;
        var ids = Products.Select(p => p.Id).ToList();
        PriceCounts = await db.Prices.AsNoTracking().OwnedBy(Merchant).Where(p => p.Active && ids.Contains(p.ProductId))
            .GroupBy(p => p.ProductId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
