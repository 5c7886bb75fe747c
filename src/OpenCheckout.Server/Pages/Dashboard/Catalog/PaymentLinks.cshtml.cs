using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.PaymentLinks;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Pages.Dashboard.Catalog;

/// <summary>Payment links, newest first, active or deactivated, with the URL to copy and the number of sessions each made;
/// deactivating (the URL then takes no visits) or reactivating one; and a new link for up to three of the account's prices. The
/// form becomes the API's request body and goes through its parser and <see cref="PaymentLinkCreation"/>, so the rules and
/// messages are the API's.</summary>
public sealed class CatalogPaymentLinksModel(CheckoutDb db, IUnitOfWork writes, PublicUrls urls, PaymentLinkCreation creation, TimeProvider clock)
    : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<PaymentLink> Links { get; private set; } = [];
    public IReadOnlyDictionary<string, int> SessionCounts { get; private set; } = new Dictionary<string, int>();
    public string? NextAfter { get; private set; }
    public string? FilterError { get; private set; }
    [TempData] public string? Done { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    /// <summary>The prices a new link may sell: the newest active ones, with their product's name.</summary>
    public IReadOnlyList<(Price Price, string ProductName)> Prices { get; private set; } = [];
    public const int FormLines = 3;

    public string LinkUrl(PaymentLink link) => urls.PaymentLink(link.Id);

    [Performs(DashboardAction.EditCatalog)]
    public async Task<IActionResult> OnPostCreateAsync(string? label, string[]? price, string[]? quantity, string? after,
        string? message, string? redirectUrl)
    {
        var body = new JsonObject();
        if (!string.IsNullOrWhiteSpace(label)) body["label"] = label.Trim();
        var lines = new JsonArray();
        for (var i = 0; i < (price?.Length ?? 0); i++)
        {
            if (string.IsNullOrEmpty(price![i])) continue;
            // What was typed goes to the API's parser as it is (a number as a number), so its message names what is wrong.
            var typed = quantity?.ElementAtOrDefault(i)?.Trim();
            JsonNode count = string.IsNullOrEmpty(typed) ? 1 : long.TryParse(typed, out var n) ? n : typed;
            lines.Add(new JsonObject { ["price"] = price[i], ["quantity"] = count });
        }
        body["line_items"] = lines;
        body["after_completion"] = after == "redirect"
            ? new JsonObject { ["type"] = "redirect", ["redirect"] = new JsonObject { ["url"] = redirectUrl?.Trim() ?? "" } }
            : new JsonObject { ["type"] = "hosted_confirmation", ["hosted_confirmation"] = string.IsNullOrWhiteSpace(message)
                ? new JsonObject() : new JsonObject { ["custom_message"] = message.Trim() } };
        using var json = JsonDocument.Parse(body.ToJsonString());
        var fields = JsonFields.Root(json.RootElement, "payment_link");
        var now = clock.GetUtcNow();
        var request = PaymentLinkRequest.Parse(fields, Merchant, now);
        var (ready, refused) = request is null ? (null, null)
            : await creation.PrepareAsync(request, Merchant, HttpContext.RequestServices, now, HttpContext.RequestAborted);
        if (ready is null)
        {
            Errors = refused is null ? fields.Errors.Select(e => $"{e.Param}: {e.Message}").ToList() : [refused.Message];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }
        await writes.RunAsync((db, _) =>
        {
            ready.Add(db);
            return Task.FromResult(true);
        }, HttpContext.RequestAborted);
        Done = $"Created {Name(ready.Link)}: {urls.PaymentLink(ready.Link.Id)}";
        return Redirect($"/dashboard/{Mode}/payment-links");
    }

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
        Prices = (await db.Prices.AsNoTracking().OwnedBy(Merchant).Where(p => p.Active).OrderByDescending(p => p.Id).Take(100)
                .Join(db.Products, p => p.ProductId, p => p.Id, (p, product) => new { Price = p, product.Name }).ToListAsync(HttpContext.RequestAborted))
            .Select(x => (x.Price, x.Name)).ToList();
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
