using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>Shipping rates, newest first, filtered by active or retired and paged by cursor; a new rate (its amount typed in
/// major units) and retiring or reactivating one, through <see cref="CatalogWrites"/> with the API's limits. A retired rate
/// is refused to new sessions, as the API refuses it.</summary>
public sealed class CatalogShippingRatesModel(CheckoutDb db, IUnitOfWork writes, TimeProvider clock) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<ShippingRate> Rates { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public string? FilterError { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Done { get; set; }

    public string? DisplayName { get; private set; }
    public string? Amount { get; private set; }
    public string Currency { get; private set; } = Money.Currency.Default;

    public async Task OnGetAsync() => await LoadAsync();

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostCreateAsync(string? displayName, string? amount, string? currency)
    {
        (DisplayName, Amount, Currency) = (displayName, amount, currency ?? "");
        var form = new FormInput();
        var checkedName = form.Text(displayName, "Display name", CatalogRules.ShippingRateNameLength, required: true);
        var checkedCurrency = form.Currency(currency);
        var minor = checkedCurrency is null ? null : form.Amount(amount, "Amount", checkedCurrency);
        if (form.HasErrors)
        {
            Errors = form.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
        var rate = CatalogWrites.NewShippingRate(Merchant, new ShippingRateTerms(checkedName!, minor!.Value, checkedCurrency, true, []), clock.GetUtcNow());
        await writes.RunAsync((db, _) =>
        {
            CatalogWrites.AddShippingRate(db, rate);
            return Task.FromResult(rate);
        }, HttpContext.RequestAborted);
        Done = $"Created {rate.DisplayName}.";
        return Redirect($"/dashboard/{Mode}/shipping-rates");
    }

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostRetireAsync(string? rateId) => SetActiveAsync(rateId, false);

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostReactivateAsync(string? rateId) => SetActiveAsync(rateId, true);

    async Task<IActionResult> SetActiveAsync(string? rateId, bool active)
    {
        var merchant = Merchant;
        var rate = rateId is null ? null : await writes.RunAsync((db, ct) => CatalogWrites.ChangeShippingRateAsync(db, merchant, rateId, r => r.Active = active, ct),
            HttpContext.RequestAborted);
        if (rate is null) return NotFoundPage("shipping rate");
        Done = active ? $"{rate.DisplayName} is active again." : $"Retired {rate.DisplayName}: new sessions can no longer offer it.";
        return Redirect($"/dashboard/{Mode}/shipping-rates");
    }

    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?> { ["status"] = Status, ["after"] = after }
        .Where(p => !string.IsNullOrEmpty(p.Value))).ToString() is { Length: > 0 } query ? query : "?";

    async Task LoadAsync()
    {
        ViewData["Section"] = "catalog";
        ViewData["Catalog"] = "shipping-rates";
        var query = db.ShippingRates.AsNoTracking().OwnedBy(Merchant);
        switch (Status)
        {
            case null or "": break;
            case "active": query = query.Where(r => r.Active); break;
            case "retired": query = query.Where(r => !r.Active); break;
            default: FilterError = "Status must be active or retired."; return;
        }
        if (After is not null) query = query.Where(r => string.Compare(r.Id, After) < 0);
        var page = await query.OrderByDescending(r => r.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Rates = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Rates[^1].Id : null;
    }
}
