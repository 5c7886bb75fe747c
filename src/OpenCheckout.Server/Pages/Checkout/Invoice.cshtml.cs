using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Cards;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Checkout;

/// <summary><c>/pay/i/{id}</c>, an invoice's hosted page (its <c>hosted_invoice_url</c>): what the period billed, and whether it
/// is paid; an open one is paid here with a card (<see cref="HostedInvoicePayments"/>). Its id is unguessable, as a session's is,
/// so the page is the buyer's receipt without a sign-in.</summary>
sealed class InvoiceModel(CheckoutDb db, HostedInvoicePayments payments) : PageModel
{
    [BindProperty(Name = "card_number")] public string? CardNumber { get; set; }
    [BindProperty(Name = "expiry")] public string? Expiry { get; set; }
    [BindProperty(Name = "cvc")] public string? Cvc { get; set; }

    public Dictionary<string, string> FieldErrors { get; } = [];
    public string? DeclineMessage { get; private set; }
    public bool Payable => Invoice is { Status: InvoiceStatus.Open } i && i.AmountDue > i.AmountPaid;
    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    public Invoice Invoice { get; private set; } = null!;
    public string MerchantName { get; private set; } = "";
    public string? SupportEmail { get; private set; }
    public string? StylesheetPath { get; private set; }
    public string? LogoPath { get; private set; }

    public string Money(long amount) => Currency.Format(amount, Invoice.Currency);

    public static string Day(DateTime utc) => utc.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !Payable) return Page();
        switch (await payments.PayAsync(id, new CardInput(CardNumber, Expiry, Cvc), ct))
        {
            case InvoicePayResult.Paid:
                // Post, redirect, get: a reload shows the receipt, and never posts the card again.
                Response.Headers.Location = $"/pay/i/{id}";
                return StatusCode(StatusCodes.Status303SeeOther);
            case InvoicePayResult.Declined declined:
                DeclineMessage = declined.Message;
                break;
            case InvoicePayResult.Invalid invalid:
                foreach (var error in invalid.Errors) FieldErrors.TryAdd(error.Field, error.Message);
                break;
            case InvoicePayResult.TooManyDeclines:
                DeclineMessage = "This invoice has had too many declined payment attempts, so it takes no more here. Nothing was charged: "
                    + $"contact {MerchantName}.";
                break;
        }
        await LoadAsync(id, ct); // paid, voided or gone meanwhile: the page says so
        Cvc = null;
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>False (and a 404) when there is no such invoice to show.</summary>
    async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var found = !ObjectId.HasShape(id, ObjectId.Invoice) ? null : await db.Invoices.AsNoTracking()
            .Where(i => i.Id == id && i.Status != InvoiceStatus.Draft)
            .Join(db.Accounts, i => i.AccountId, a => a.Id, (i, a) => new { Invoice = i, a.Name, a.SupportEmail, a.BrandColor, a.LogoVersion })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            Invoice = null!;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }
        (Invoice, MerchantName, SupportEmail) = (found.Invoice, found.Name, found.SupportEmail);
        StylesheetPath = Brand.IsColor(found.BrandColor) ? Brand.StylesheetPath(found.Invoice.AccountId, found.BrandColor!) : null;
        LogoPath = found.LogoVersion is null ? null : Brand.LogoPath(found.Invoice.AccountId, found.LogoVersion);
        return true;
    }
}
