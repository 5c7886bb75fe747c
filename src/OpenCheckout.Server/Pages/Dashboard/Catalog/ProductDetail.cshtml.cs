using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>One product and its prices: rename it or change its description, retire or reactivate it; add a price (typed
/// in major units) and retire or reactivate prices. Every change goes through the API's <see cref="CatalogWrites"/>, so new
/// sessions see it at once, as after the API's.</summary>
public sealed class CatalogProductDetailModel(CheckoutDb db, IUnitOfWork writes, CatalogWrites catalog, TimeProvider clock) : DashboardPageModel
{
    public Product Product { get; private set; } = null!;
    public IReadOnlyList<Price> Prices { get; private set; } = [];
    public IReadOnlyList<string> EditErrors { get; private set; } = [];
    public IReadOnlyList<string> PriceErrors { get; private set; } = [];
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }

    /// <summary>What the forms show: the product's own values, or what was typed when it was refused.</summary>
    public string? Name { get; private set; }
    public string? Description { get; private set; }
    public string? Amount { get; private set; }
    public string Currency { get; private set; } = Money.Currency.Default;
    public string? PriceDescription { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFoundPage("product");

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostEditAsync(string id, string? name, string? description)
    {
        if (!await LoadAsync(id)) return NotFoundPage("product");
        (Name, Description) = (name, description);
        var form = new FormInput();
        var checkedName = form.Text(name, "Name", CatalogRules.ProductNameLength, required: true);
        var checkedDescription = form.Text(description, "Description", CatalogRules.DescriptionLength);
        if (form.HasErrors) return Refused(() => EditErrors = form.Errors);
        var merchant = Merchant;
        var product = await writes.RunAsync((db, ct) => catalog.ChangeProductAsync(db, merchant, id, p =>
        {
            p.Name = checkedName!;
            p.Description = checkedDescription;
        }, ct), HttpContext.RequestAborted);
        return Changed(id, product is null ? null : "Saved.");
    }

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostRetireAsync(string id) => SetActiveAsync(id, false);

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostReactivateAsync(string id) => SetActiveAsync(id, true);

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostCreatePriceAsync(string id, string? amount, string? currency, string? description)
    {
        if (!await LoadAsync(id)) return NotFoundPage("product");
        (Amount, Currency, PriceDescription) = (amount, currency ?? "", description);
        var form = new FormInput();
        var checkedCurrency = form.Currency(currency);
        var unitAmount = checkedCurrency is null ? null : form.Amount(amount, "Unit amount", checkedCurrency);
        var checkedDescription = form.Text(description, "Description", CatalogRules.DescriptionLength);
        if (form.HasErrors) return Refused(() => PriceErrors = form.Errors);
        var merchant = Merchant;
        var price = CatalogWrites.NewPrice(merchant, id, unitAmount!.Value, checkedCurrency!, checkedDescription, active: true, [], clock.GetUtcNow());
        var refused = await writes.RunAsync((db, ct) => CatalogWrites.AddPriceAsync(db, merchant, price, ct), HttpContext.RequestAborted);
        if (refused is not null) return await RefusedByApiAsync(id, refused);
        return Changed(id, $"Added a price of {Money.Currency.Format(price.UnitAmount, price.Currency)}.");
    }

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostRetirePriceAsync(string id, string? priceId) => SetPriceActiveAsync(id, priceId, false);

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostReactivatePriceAsync(string id, string? priceId) => SetPriceActiveAsync(id, priceId, true);

    async Task<IActionResult> SetActiveAsync(string id, bool active)
    {
        var merchant = Merchant;
        var product = await writes.RunAsync((db, ct) => catalog.ChangeProductAsync(db, merchant, id, p => p.Active = active, ct),
            HttpContext.RequestAborted);
        return Changed(id, product is null ? null : active ? "Reactivated." : "Retired: its prices stay as they are.");
    }

    async Task<IActionResult> SetPriceActiveAsync(string id, string? priceId, bool active)
    {
        var merchant = Merchant;
        var shown = await db.Prices.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == priceId && p.ProductId == id, HttpContext.RequestAborted);
        if (shown is null) return NotFoundPage("price of this product");
        var price = await writes.RunAsync((db, ct) => catalog.ChangePriceAsync(db, merchant, shown.Id, p => p.Active = active, ct),
            HttpContext.RequestAborted);
        var what = Money.Currency.Format(shown.UnitAmount, shown.Currency);
        return Changed(id, price is null ? null
            : active ? $"The {what} price is active again." : $"Retired the {what} price: new sessions can no longer use it.");
    }

    /// <summary>After a change: back to the page, so a reload repeats nothing; a 404 when the object had gone.</summary>
    IActionResult Changed(string id, string? done)
    {
        if (done is null) return NotFoundPage("product");
        Done = done;
        return Redirect($"/dashboard/{Mode}/products/{id}");
    }

    /// <summary>The page again with what was typed and why it was refused; nothing changed.</summary>
    IActionResult Refused(Action show)
    {
        show();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    async Task<IActionResult> RefusedByApiAsync(string id, ApiError error)
    {
        if (!await LoadAsync(id)) return NotFoundPage("product");
        Error = error.Message;
        Response.StatusCode = error.Status;
        return Page();
    }

    async Task<bool> LoadAsync(string id)
    {
        ViewData["Section"] = "catalog";
        ViewData["Catalog"] = "products";
        var ct = HttpContext.RequestAborted;
        var product = await db.Products.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null) return false;
        Product = product;
        (Name, Description) = (product.Name, product.Description);
        Prices = await db.Prices.AsNoTracking().OwnedBy(Merchant).Where(p => p.ProductId == id).OrderByDescending(p => p.Id).Take(200).ToListAsync(ct);
        return true;
    }
}
