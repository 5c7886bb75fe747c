using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.PaymentLinks;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>Payment links, newest first, active or deactivated, with the URL to copy and the number of sessions each made;
/// deactivating (the URL then takes no visits) or reactivating one. Links are made through the API (their line items are
/// checked and priced as a session's are).</summary>
public sealed class CatalogPaymentLinksModel(CheckoutDb db, IUnitOfWork writes, PublicUrls urls) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<PaymentLink> Links { get; private set; } = [];
    public IReadOnlyDictionary<string, int> SessionCounts { get; private set; } = new Dictionary<string, int>();
    public string? NextAfter { get; private set; }
    public string? FilterError { get; private set; }
    [TempData] public string? Done { get; set; }

    public string LinkUrl(PaymentLink link) => urls.PaymentLink(link.Id);

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "catalog";
        ViewData["Catalog"] = "payment-links";
        var query = db.PaymentLinks.AsNoTracking().OwnedBy(Merchant);
        switch (Status)
        {
            case null or "": break;
            case "active": query = query.Where(l => l.Active); break;
            case "deactivated": query = query.Where(l => !l.Active); break;
            default: FilterError = "Status must be active or deactivated."; return;
        }
        if (After is not null) query = query.Where(l => string.Compare(l.Id, After) < 0);
        var page = await query.OrderByDescending(l => l.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Links = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Links[^1].Id : null;
        var ids = Links.Select(l => l.Id).ToList();
        SessionCounts = await db.CheckoutSessions.AsNoTracking().OwnedBy(Merchant).Where(s => s.PaymentLinkId != null && ids.Contains(s.PaymentLinkId))
            .GroupBy(s => s.PaymentLinkId!).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, HttpContext.RequestAborted);
    }

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostDeactivateAsync(string? linkId) => SetActiveAsync(linkId, false);

    [Performs(DashboardAction.EditCatalog)]
    public Task<IActionResult> OnPostReactivateAsync(string? linkId) => SetActiveAsync(linkId, true);

    async Task<IActionResult> SetActiveAsync(string? linkId, bool active)
    {
        var merchant = Merchant;
        var link = linkId is null ? null : await writes.RunAsync(async (db, ct) =>
        {
            var found = await db.PaymentLinks.OwnedBy(merchant).FirstOrDefaultAsync(l => l.Id == linkId, ct);
            if (found is not null) found.Active = active;
            return found;
        }, HttpContext.RequestAborted);
        if (link is null) return NotFoundPage("payment link");
        Done = active ? $"{Name(link)} takes visits again." : $"Deactivated {Name(link)}: its URL takes no more visits.";
        return Redirect($"/dashboard/{Mode}/payment-links");
    }

    public static string Name(PaymentLink link) => link.Label ?? string.Join(", ", link.LineItems.Select(l => l.Quantity == 1 ? l.Description : $"{l.Quantity} × {l.Description}"));

    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?> { ["status"] = Status, ["after"] = after }
        .Where(p => !string.IsNullOrEmpty(p.Value))).ToString() is { Length: > 0 } query ? query : "?";
}
