using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.TestData;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>Deletes every test-mode object of the account (<see cref="TestDataReset"/>, the API's own path), once the user has
/// typed the account's name. Test mode only: in live mode the page says so and has no form, and a POST there is refused.</summary>
public sealed class DashboardTestDataModel(CheckoutDb db, TestDataReset reset) : DashboardPageModel
{
    public string AccountName { get; private set; } = "";
    [TempData] public string? Done { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "developers";
        await LoadAsync();
    }

    [Performs(DashboardAction.DeleteTestData)]
    public async Task<IActionResult> OnPostAsync(string? confirm)
    {
        ViewData["Section"] = "developers";
        if (!TestMode) return NotFoundPage("test data"); // the permission filter refuses it first; kept in case the table changes
        await LoadAsync();
        if (!string.Equals(confirm?.Trim(), AccountName, StringComparison.Ordinal))
        {
            Error = $"Type the account name, {AccountName}, exactly to confirm. Nothing was deleted.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var c = await reset.ResetAsync(CurrentUser.AccountId, HttpContext.RequestAborted);
        Done = $"Deleted {c.Total} test-mode objects: {c.CheckoutSessions} checkout sessions, {c.PaymentIntents} payments, {c.Captures} captures, {c.Refunds} refunds, "
            + $"{c.Disputes} disputes, {c.Customers} customers, {c.Subscriptions} subscriptions, {c.Invoices} invoices, {c.Events} events, {c.WebhookDeliveries + c.WebhookAttempts} webhook deliveries and attempts, "
            + $"{c.Products} products, {c.Prices} prices, {c.Coupons} coupons, {c.PromoCodes} promotion codes, {c.ShippingRates} shipping rates, {c.IdempotencyRecords} idempotency keys "
            + $"and {c.RequestLogRows} request log rows. Live data, API keys and webhook endpoints are unchanged.";
        return Redirect("/dashboard/test/developers/test-data");
    }

    async Task LoadAsync() =>
        AccountName = await db.Accounts.AsNoTracking().Where(a => a.Id == CurrentUser.AccountId).Select(a => a.Name)
            .FirstOrDefaultAsync(HttpContext.RequestAborted) ?? "";
}
