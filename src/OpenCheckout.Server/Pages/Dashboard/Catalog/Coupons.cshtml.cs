using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>Coupons, newest first, paged by cursor; and a new coupon — an amount off (typed in major units of a currency)
/// or a percentage off, for one payment — through the API's <see cref="CatalogWrites"/> with its limits. A coupon's terms
/// never change, so there is nothing to edit.</summary>
public sealed class CatalogCouponsModel(CheckoutDb db, IUnitOfWork writes, TimeProvider clock) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<Coupon> Coupons { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Done { get; set; }

    /// <summary>What the form shows: empty, or what was typed when it was refused.</summary>
    public NewCoupon Form { get; private set; } = new(null, "amount", null, Money.Currency.Default, null, "once", null, null);

    public sealed record NewCoupon(string? Name, string Kind, string? AmountOff, string Currency, string? PercentOff, string Duration,
        string? DurationInMonths, string? MaxRedemptions);

    public async Task OnGetAsync() => await LoadAsync();

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostCreateAsync(string? name, string? kind, string? amountOff, string? currency, string? percentOff,
        string? duration, string? durationInMonths, string? maxRedemptions)
    {
        Form = new NewCoupon(name, kind ?? "", amountOff, currency ?? "", percentOff, duration ?? "", durationInMonths, maxRedemptions);
        var form = new FormInput();
        var checkedName = form.Text(name, "Name", CatalogRules.CouponNameLength) ?? "";
        long? amount = null;
        decimal? percent = null;
        string? checkedCurrency = null;
        switch (kind)
        {
            case "amount":
                checkedCurrency = form.Currency(currency);
                if (checkedCurrency is not null) amount = form.Amount(amountOff, "Amount off", checkedCurrency, minMinor: 1);
                break;
            case "percent":
                percent = form.Percent(percentOff, "Percent off");
                if (percent is null && string.IsNullOrWhiteSpace(percentOff)) form.Add("Percent off is required.");
                break;
            default:
                form.Add("Choose an amount off or a percentage off.");
                break;
        }
        if (duration is null || !CatalogRules.CouponDurations.Contains(duration)) form.Add("Duration must be once, forever or repeating.");
        var months = form.Whole(durationInMonths, "Months", 1, CatalogRules.MaxDurationInMonths);
        var max = form.Whole(maxRedemptions, "Maximum redemptions", 1, CatalogRules.MaxRedemptions);
        if (form.HasErrors)
        {
            Errors = form.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
        var terms = new CouponTerms(checkedName, amount, percent is { } p ? (long)(p * 100) : null, checkedCurrency, [], [], duration!,
            duration == "repeating" ? months : null, max, []);
        var coupon = CatalogWrites.NewCoupon(Merchant, terms, clock.GetUtcNow());
        await writes.RunAsync((db, _) =>
        {
            CatalogWrites.AddCoupon(db, coupon);
            return Task.FromResult(coupon);
        }, HttpContext.RequestAborted);
        Done = $"Created coupon {coupon.Id}.";
        return Redirect($"/dashboard/{Mode}/coupons");
    }

    public string QueryWith(string? after) => after is null ? "?" : QueryString.Create("after", after).ToString();

    async Task LoadAsync()
    {
        ViewData["Section"] = "catalog";
        ViewData["Catalog"] = "coupons";
        var query = db.Coupons.AsNoTracking().OwnedBy(Merchant);
        if (After is not null) query = query.Where(c => string.Compare(c.Id, After) < 0);
        var page = await query.OrderByDescending(c => c.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Coupons = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Coupons[^1].Id : null;
    }
}
