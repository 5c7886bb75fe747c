using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>Promotion codes, newest first, with their coupon and redemptions; a new code for one of the account's coupons, and
/// deactivating or reactivating one — through <see cref="PromoCodeWrites"/>, the API's path, so the same code cannot be active twice.</summary>
public sealed class CatalogPromoCodesModel(CheckoutDb db, IUnitOfWork writes, TimeProvider clock) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<PromoCode> Codes { get; private set; } = [];
    public IReadOnlyDictionary<string, Coupon> Coupons { get; private set; } = new Dictionary<string, Coupon>();
    /// <summary>The coupons a new code may use: the newest that are not used up.</summary>
    public IReadOnlyList<Coupon> Choices { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Done { get; set; }

    public NewCode Form { get; private set; } = new(null, null, null, null, false, null, Money.Currency.Default);

    public sealed record NewCode(string? Code, string? CouponId, string? MaxRedemptions, string? ExpiresOn, bool FirstTimeOnly,
        string? MinimumAmount, string MinimumCurrency);

    public async Task OnGetAsync() => await LoadAsync();

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostCreateAsync(string? code, string? couponId, string? maxRedemptions, string? expiresOn,
        bool firstTimeOnly, string? minimumAmount, string? minimumCurrency)
    {
        Form = new NewCode(code, couponId, maxRedemptions, expiresOn, firstTimeOnly, minimumAmount, minimumCurrency ?? "");
        var form = new FormInput();
        var checkedCode = form.Text(code, "Code", PromoCode.CodeLength, required: true)?.Trim();
        if (checkedCode is { Length: > 0 } && !checkedCode.All(char.IsAsciiLetterOrDigit)) form.Add("Code must be letters and digits only.");
        if (string.IsNullOrEmpty(couponId)) form.Add("Choose a coupon.");
        var max = form.Whole(maxRedemptions, "Maximum redemptions", 1, CatalogRules.MaxRedemptions);
        var now = clock.GetUtcNow();
        DateTime? expiresAt = null;
        if (!string.IsNullOrWhiteSpace(expiresOn))
        {
            // A date means until the end of that day, UTC.
            if (!DateOnly.TryParseExact(expiresOn.Trim(), "yyyy-MM-dd", out var day)) form.Add("Expires on must be a date (YYYY-MM-DD).");
            else if ((expiresAt = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) <= now.UtcDateTime) form.Add("Expires on must be today or later.");
        }
        string? currency = null;
        long? minimum = null;
        if (!string.IsNullOrWhiteSpace(minimumAmount))
        {
            currency = form.Currency(minimumCurrency);
            if (currency is not null) minimum = form.Amount(minimumAmount, "Minimum order", currency, minMinor: 1);
        }
        if (!form.HasErrors)
        {
            var merchant = Merchant;
            var terms = new PromoCodeWrites.Terms(checkedCode!, couponId!, true, max, expiresAt, firstTimeOnly, minimum, currency, []);
            var (promo, _, refused) = await writes.RunAsync((db, ct) => PromoCodeWrites.CreateAsync(db, merchant, terms, now, ct), HttpContext.RequestAborted);
            if (refused is null)
            {
                Done = $"Created code {promo!.Code} ({promo.Id}).";
                return Redirect($"/dashboard/{Mode}/promo-codes");
            }
            form.Add(refused.Message);
        }
        Errors = form.Errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostDeactivateAsync(string? codeId) => SetActiveAsync(codeId, false);

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostReactivateAsync(string? codeId) => SetActiveAsync(codeId, true);

    async Task<IActionResult> SetActiveAsync(string? codeId, bool active)
    {
        if (codeId is null) return NotFoundPage("promotion code");
        var merchant = Merchant;
        var (promo, _, refused) = await writes.RunAsync((db, ct) => PromoCodeWrites.UpdateAsync(db, merchant, codeId, active, null, ct),
            HttpContext.RequestAborted);
        if (refused is { Status: StatusCodes.Status404NotFound }) return NotFoundPage("promotion code");
        Done = refused?.Message ?? (active ? $"Code {promo!.Code} works again." : $"Deactivated code {promo!.Code}: buyers can no longer use it.");
        return Redirect($"/dashboard/{Mode}/promo-codes");
    }

    public string QueryWith(string? after) => after is null ? "?" : QueryString.Create("after", after).ToString();

    async Task LoadAsync()
    {
        ViewData["Section"] = "catalog";
        ViewData["Catalog"] = "promo-codes";
        var ct = HttpContext.RequestAborted;
        var query = db.PromoCodes.AsNoTracking().OwnedBy(Merchant);
        if (After is not null) query = query.Where(p => string.Compare(p.Id, After) < 0);
        var page = await query.OrderByDescending(p => p.Id).Take(PageSize + 1).ToListAsync(ct);
        Codes = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Codes[^1].Id : null;
        var couponIds = Codes.Select(p => p.CouponId).Distinct().ToList();
        Coupons = await db.Coupons.AsNoTracking().OwnedBy(Merchant).Where(c => couponIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        Choices = await db.Coupons.AsNoTracking().OwnedBy(Merchant)
            .Where(c => c.MaxRedemptions == null || c.TimesRedeemed < c.MaxRedemptions).OrderByDescending(c => c.Id).Take(100).ToListAsync(ct);
    }

    public static string Describe(Coupon coupon) =>
        (coupon.Name.Length > 0 ? coupon.Name + ": " : "")
        + (coupon.AmountOff is { } off ? (coupon.Currency is { } code ? Money.Currency.Format(off, code) : $"{off} minor units") : $"{coupon.PercentOffBasisPoints / 100m:0.##} %")
        + " off";
}
