using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Customers;

/// <summary>Customers (made through the API or when a buyer pays; deleted ones left out), newest first, filtered by email as the API's list is, and paged by cursor.</summary>
public sealed class CustomersModel(CheckoutDb db) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<Customer> Customers { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "customers";
        var query = db.Customers.AsNoTracking().OwnedBy(Merchant).Where(c => c.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(Email)) query = query.Where(c => c.Email == Email.Trim());
        if (After is not null) query = query.Where(c => string.Compare(c.Id, After) < 0);
        var page = await query.OrderByDescending(c => c.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Customers = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Customers[^1].Id : null;
    }

    /// <summary>This page's filter in a query string, with <c>after</c> replaced.</summary>
    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?> { ["email"] = Email, ["after"] = after }
        .Where(p => !string.IsNullOrEmpty(p.Value))).ToString() is { Length: > 0 } query ? query : "?";
}
