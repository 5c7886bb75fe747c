using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Subscriptions;

/// <summary>Subscriptions newest first, filtered by status and customer (an id, or the email of a customer not deleted, as the
/// Customers page finds them), paged by cursor, each with its customer, items and what it bills per period.</summary>
public sealed class SubscriptionsModel(CheckoutDb db) : DashboardPageModel
{
    public const int PageSize = 25;

    public static readonly string[] Statuses =
    [
        SubscriptionStatus.Trialing, SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid,
        SubscriptionStatus.Incomplete, SubscriptionStatus.Canceled,
    ];

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Customer { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];
    /// <summary>The customers of the subscriptions shown, by id.</summary>
    public IReadOnlyDictionary<string, Customer> Customers { get; private set; } = new Dictionary<string, Customer>();
    public string? NextAfter { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "subscriptions";
        var ct = HttpContext.RequestAborted;
        var query = db.Subscriptions.AsNoTracking().OwnedBy(Merchant);
        if (Statuses.Contains(Status)) query = query.Where(s => s.Status == Status);
        else Status = null;
        if (Customer?.Trim() is { Length: > 0 } customer)
        {
            Customer = customer;
            if (customer.Contains('@'))
            {
                var ids = db.Customers.OwnedBy(Merchant).Where(c => c.Email == customer && c.DeletedAt == null).Select(c => c.Id);
                query = query.Where(s => ids.Contains(s.CustomerId));
            }
            else query = query.Where(s => s.CustomerId == customer);
        }
        if (After is not null) query = query.Where(s => string.Compare(s.Id, After) < 0);
        var page = await query.OrderByDescending(s => s.Id).Take(PageSize + 1).ToListAsync(ct);
        Subscriptions = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Subscriptions[^1].Id : null;
        var customerIds = Subscriptions.Select(s => s.CustomerId).Distinct().ToList();
        Customers = await db.Customers.AsNoTracking().OwnedBy(Merchant).Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
    }

    /// <summary>"2 × Coaching, 1 × Support".</summary>
    public static string ItemsSummary(IEnumerable<SubscriptionItem> items) =>
        string.Join(", ", items.Select(i => $"{i.Quantity} × {i.Description ?? i.PriceId}"));

    /// <summary>What one period bills: "$40.00 every month".</summary>
    public static string PerPeriod(Subscription s) =>
        $"{Currency.Format(s.Items.Sum(i => i.UnitAmount * i.Quantity), s.Currency)} {s.Recurrence.Every}";

    /// <summary>The badge's colour class: green while it bills, red once it no longer does.</summary>
    public static string? BadgeOf(string status) => status switch
    {
        SubscriptionStatus.Active or SubscriptionStatus.Trialing => "active",
        SubscriptionStatus.Canceled or SubscriptionStatus.Unpaid => "expired",
        _ => null,
    };

    /// <summary>This page's filter in a query string, with <c>after</c> replaced.</summary>
    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?>
            { ["status"] = Status, ["customer"] = Customer, ["after"] = after }
        .Where(p => !string.IsNullOrEmpty(p.Value))).ToString() is { Length: > 0 } query ? query : "?";
}
