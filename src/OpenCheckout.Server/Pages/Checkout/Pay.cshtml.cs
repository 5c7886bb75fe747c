using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Cards;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Checkout;

/// <summary>The hosted checkout page (contract section 7): a plain form that works without JavaScript.</summary>
public sealed class PayModel(CheckoutDb db, PaymentService payments, TimeProvider clock) : PageModel
{
    public enum PageState { Pay, Paid, Expired, NotFound }

    public PageState State { get; private set; }
    public CheckoutSession Session { get; private set; } = null!;
    public string MerchantName { get; private set; } = "";
    public string? DeclineMessage { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    [BindProperty(Name = "email")] public string? Email { get; set; }
    [BindProperty(Name = "name")] public string? Name { get; set; }
    [BindProperty(Name = "card_number")] public string? CardNumber { get; set; }
    [BindProperty(Name = "expiry")] public string? Expiry { get; set; }
    // The CVC is never echoed back into the page, even when the form is shown again.
    [BindProperty(Name = "cvc")] public string? Cvc { get; set; }

    public string Total => Currency.Format(Session.AmountTotal, Session.Currency);
    public static string Format(long amount, string currency) => Currency.Format(amount, currency);
    public string SuccessUrl => RedirectUrls.WithSessionId(Session.SuccessUrl, Session.Id);
    public string? CancelUrl => Session.CancelUrl is null ? null : RedirectUrls.WithSessionId(Session.CancelUrl, Session.Id);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        Email = Session.Defaults?.Email;
        Name = string.Join(' ', new[] { Session.Defaults?.FirstName, Session.Defaults?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        if (State != PageState.Pay) return Page();

        var result = await payments.PayAsync(Session, new PayRequest(new CardInput(CardNumber, Expiry, Cvc), Email, Name), ct);
        switch (result)
        {
            case PayResult.Paid paid:
                Response.Headers.Location = RedirectUrls.WithSessionId(paid.Session.SuccessUrl, paid.Session.Id);
                return StatusCode(StatusCodes.Status303SeeOther);
            case PayResult.Declined declined:
                DeclineMessage = declined.Outcome.Message;
                break;
            case PayResult.Invalid invalid:
                foreach (var error in invalid.Errors) FieldErrors.TryAdd(error.Field, error.Message);
                break;
            case PayResult.NotOpen notOpen:
                Show(notOpen.Session);
                break;
        }
        Cvc = null;
        return Page();
    }

    async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var found = await db.CheckoutSessions.AsNoTracking()
            .Where(s => s.Id == id)
            .Join(db.Accounts, s => s.AccountId, a => a.Id, (s, a) => new { Session = s, a.Name })
            .FirstOrDefaultAsync(ct);
        if (found is null) return false;
        MerchantName = found.Name;
        Show(found.Session);
        return true;
    }

    void Show(CheckoutSession session)
    {
        Session = session;
        State = SessionStatus.Effective(session.Status, session.ExpiresAt, clock.GetUtcNow()) switch
        {
            SessionStatus.Complete => PageState.Paid,
            SessionStatus.Expired => PageState.Expired,
            _ => PageState.Pay,
        };
    }

    IActionResult NotFoundPage()
    {
        State = PageState.NotFound;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    public static string NumberField => CardFieldError.NumberField;
    public static string ExpiryField => CardFieldError.ExpiryField;
    public static string CvcField => CardFieldError.CvcField;
}

/// <summary>One labelled input with its error shown beside it (and tied to it for screen readers).</summary>
public sealed record FormField(string Name, string Label, string Type, string Autocomplete, string? Value, string? Error,
    string? InputMode = null, string? Placeholder = null);
