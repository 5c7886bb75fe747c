using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Checkout;

/// <summary><c>/pay/i/{id}</c>, an invoice's hosted page (its <c>hosted_invoice_url</c>): what the period billed, and whether it
/// is paid. Its id is unguessable, as a session's is, so the page is the buyer's receipt without a sign-in.</summary>
public sealed class InvoiceModel(CheckoutDb db) : PageModel
{
    public Invoice Invoice { get; private set; } = null!;
    public string MerchantName { get; private set; } = "";
    public string? SupportEmail { get; private set; }
    public string? StylesheetPath { get; private set; }
    public string? LogoPath { get; private set; }

    public string Money(long amount) => Currency.Format(amount, Invoice.Currency);

    public static string Day(DateTime utc) => utc.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var found = !ObjectId.HasShape(id, ObjectId.Invoice) ? null : await db.Invoices.AsNoTracking()
            .Where(i => i.Id == id && i.Status != InvoiceStatus.Draft)
            .Join(db.Accounts, i => i.AccountId, a => a.Id, (i, a) => new { Invoice = i, a.Name, a.SupportEmail, a.BrandColor, a.LogoVersion })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        (Invoice, MerchantName, SupportEmail) = (found.Invoice, found.Name, found.SupportEmail);
        StylesheetPath = Brand.IsColor(found.BrandColor) ? Brand.StylesheetPath(found.Invoice.AccountId, found.BrandColor!) : null;
        LogoPath = found.LogoVersion is null ? null : Brand.LogoPath(found.Invoice.AccountId, found.LogoVersion);
        return Page();
    }
}
