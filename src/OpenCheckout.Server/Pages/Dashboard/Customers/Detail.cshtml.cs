using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Pages.Dashboard.Customers;

/// <summary>One customer, their subscriptions (newest first, each linking to its page) and their checkout sessions, newest first
/// and paged by cursor, each linking to its payment page.</summary>
public sealed class CustomerDetailModel(CheckoutDb db, TimeProvider clock) : DashboardPageModel
{
    public const int PageSize = 25;
    /// <summary>Subscriptions shown; a customer with more has the rest on the Subscriptions page, filtered by them.</summary>
    public const int MaxSubscriptions = 50;

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public Customer Customer { get; private set; } = null!;
    public IReadOnlyList<CheckoutSession> Sessions { get; private set; } = [];
    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        ViewData["Section"] = "customers";
        var ct = HttpContext.RequestAborted;
        Now = clock.GetUtcNow();
        var customer = await db.Customers.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return NotFoundPage("customer");
        Customer = customer;
        Subscriptions = await db.Subscriptions.AsNoTracking().OwnedBy(Merchant).Where(s => s.CustomerId == id)
            .OrderByDescending(s => s.Id).Take(MaxSubscriptions + 1).ToListAsync(ct);
        var query = db.CheckoutSessions.AsNoTracking().OwnedBy(Merchant).Where(s => s.CustomerId == id);
        if (After is not null) query = query.Where(s => string.Compare(s.Id, After) < 0);
        var page = await query.OrderByDescending(s => s.Id).Take(PageSize + 1).ToListAsync(ct);
        Sessions = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Sessions[^1].Id : null;
        return Page();
    }

    public string StatusOf(CheckoutSession s) => SessionStatus.Effective(s.Status, s.ExpiresAt, Now);
}
