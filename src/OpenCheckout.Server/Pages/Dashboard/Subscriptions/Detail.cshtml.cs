using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Pages.Dashboard.Subscriptions;

/// <summary>One subscription: its items (and those from the next period), period, trial, cancellation, card and invoices, and the
/// actions — cancel at period end, resume, cancel now — through <see cref="SubscriptionChanges"/>, the API's own code, so the
/// rules and events are the API's.</summary>
public sealed class SubscriptionDetailModel(CheckoutDb db, IUnitOfWork writes, SubscriptionChanges changes, PublicUrls urls) : DashboardPageModel
{
    /// <summary>Invoices shown; a subscription older than this many periods shows its newest.</summary>
    public const int MaxInvoices = 100;

    public Subscription Subscription { get; private set; } = null!;
    public Customer? Customer { get; private set; }
    public CustomerPaymentMethod? PaymentMethod { get; private set; }
    public IReadOnlyList<Invoice> Invoices { get; private set; } = [];
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        ViewData["Section"] = "subscriptions";
        return await LoadAsync(id) ? Page() : NotFoundPage("subscription");
    }

    /// <summary><c>cancel_at_period_end</c> true ("Cancel at period end") or false ("Resume", which also clears a <c>cancel_at</c>).</summary>
    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostPeriodEndAsync(string id, bool cancelAtPeriodEnd)
    {
        var change = new SubscriptionChange(cancelAtPeriodEnd, SetCancelAt: false, CancelAt: null, Items: null, DefaultPaymentMethod: null, Metadata: null);
        var merchant = Merchant;
        var (_, refused) = await writes.RunAsync((db, ct) => changes.UpdateAsync(db, merchant, id, change, ct), HttpContext.RequestAborted);
        return await Outcome(id, refused, cancelAtPeriodEnd ? "It will cancel at the end of the current period." : "Resumed: it renews as before.");
    }

    /// <summary>Cancels now, once the box saying so is ticked (a second chance without script).</summary>
    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostCancelNowAsync(string id, bool confirm)
    {
        if (!confirm)
        {
            if (!await LoadAsync(id)) return NotFoundPage("subscription");
            return Refused("Tick “Yes, cancel it now” to cancel: nothing was changed.");
        }
        var merchant = Merchant;
        var (_, refused) = await writes.RunAsync((db, ct) => changes.CancelNowAsync(db, merchant, id, ct), HttpContext.RequestAborted);
        return await Outcome(id, refused, "Canceled: no further invoices; its open invoices are void.");
    }

    /// <summary>After an action: back to the page (a reload repeats nothing), or the page with the API's message, answered 400
    /// as the dashboard's other refused forms are.</summary>
    async Task<IActionResult> Outcome(string id, ApiError? error, string done)
    {
        if (error is null)
        {
            Done = done;
            return Redirect($"/dashboard/{Mode}/subscriptions/{id}");
        }
        if (error.Status == StatusCodes.Status404NotFound || !await LoadAsync(id)) return NotFoundPage("subscription");
        return Refused(error.Message);
    }

    IActionResult Refused(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? HostedInvoiceUrl(Invoice invoice) => invoice.Status == InvoiceStatus.Draft ? null : urls.HostedInvoice(invoice.Id);

    async Task<bool> LoadAsync(string id)
    {
        var ct = HttpContext.RequestAborted;
        var subscription = await db.Subscriptions.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null) return false;
        Subscription = subscription;
        Customer = await db.Customers.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(c => c.Id == subscription.CustomerId, ct);
        PaymentMethod = subscription.DefaultPaymentMethodId is { } method
            ? await db.CustomerPaymentMethods.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(m => m.Id == method, ct)
            : null;
        Invoices = await db.Invoices.AsNoTracking().OwnedBy(Merchant).Where(i => i.SubscriptionId == id)
            .OrderByDescending(i => i.PeriodStart).ThenByDescending(i => i.Id).Take(MaxInvoices).ToListAsync(ct);
        return true;
    }
}
