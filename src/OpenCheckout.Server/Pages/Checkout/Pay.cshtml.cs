using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Cards;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.PaymentLinks;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Processors;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Pages.Checkout;

/// <summary>The hosted checkout page (contract section 7): a plain form that works without JavaScript.</summary>
public sealed class PayModel(CheckoutDb db, PaymentService payments, PromotionCodeService promotionCodes, IObjectClock clocks,
    ProcessorDirectory processors, IOptions<OpenCheckoutOptions> options) : PageModel
{
    /// <summary>Live, for an account that uses Stripe: what the page hands Stripe.js, whose fields collect the card.</summary>
    public sealed record StripeFields(string PublishableKey, string JsUrl);

    public enum PageState { Pay, Paid, Expired, NotFound }

    public PageState State { get; private set; }
    public CheckoutSession Session { get; private set; } = null!;
    public string MerchantName { get; private set; } = "";
    public string? SupportEmail { get; private set; }
    /// <summary>The account's brand stylesheet (versioned by content); null for the default look.</summary>
    public string? StylesheetPath { get; private set; }
    public string? LogoPath { get; private set; }
    public string? DeclineMessage { get; private set; }
    /// <summary>Shown after the buyer changed the shipping option: the new total, to confirm by paying.</summary>
    public string? Notice { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];
    /// <summary>Live pages of Stripe accounts; null in test mode and for accounts without a processor.</summary>
    public StripeFields? Stripe { get; private set; }
    /// <summary>Set when the processor waits for the buyer (3-D Secure): the page's script runs Stripe's step, then confirms.</summary>
    public string? ClientSecret { get; private set; }
    /// <summary>A live attempt is at the processor and its outcome not known yet: the page says so and reloads itself.</summary>
    public bool Processing { get; private set; }
    /// <summary>The promotion code the buyer entered, once applied.</summary>
    public SessionDiscount? EnteredCode => Session.Discounts.FirstOrDefault(d => d.PromotionCodeId is not null);

    [BindProperty(Name = "email")] public string? Email { get; set; }
    [BindProperty(Name = "name")] public string? Name { get; set; }
    [BindProperty(Name = "card_number")] public string? CardNumber { get; set; }
    [BindProperty(Name = "expiry")] public string? Expiry { get; set; }
    // The CVC is never echoed back into the page, even when the form is shown again.
    [BindProperty(Name = "cvc")] public string? Cvc { get; set; }
    /// <summary>Live: the payment method Stripe.js made from the card typed in Stripe's fields.</summary>
    [BindProperty(Name = PaymentService.PaymentMethodField)] public string? PaymentMethod { get; set; }
    [BindProperty(Name = PaymentService.ShippingRateField)] public string? ShippingRate { get; set; }
    /// <summary>Set by checkout.js when a shipping option is picked: save the choice and show the new total, nothing more.</summary>
    [BindProperty(Name = "update_shipping")] public string? UpdateShipping { get; set; }
    [BindProperty(Name = PromotionCodeService.Field)] public string? PromotionCode { get; set; }
    /// <summary>The total the page showed when the buyer pressed Pay: a session repriced since is not charged.</summary>
    [BindProperty(Name = "expected_total")] public long? ExpectedTotal { get; set; }
    [BindProperty(Name = "shipping_line1")] public string? Line1 { get; set; }
    [BindProperty(Name = "shipping_line2")] public string? Line2 { get; set; }
    [BindProperty(Name = "shipping_city")] public string? City { get; set; }
    [BindProperty(Name = "shipping_state")] public string? StateOrProvince { get; set; }
    [BindProperty(Name = "shipping_postal_code")] public string? PostalCode { get; set; }
    [BindProperty(Name = "shipping_country")] public string? Country { get; set; }

    public string Total => Currency.Format(Session.AmountTotal, Session.Currency);
    /// <summary>What a subscription-mode session charges after today, e.g. "Then $40.00 every month, after a 14-day free trial."</summary>
    public string? RecurringTerms => Session.Subscription is { } terms
        ? $"Then {Money(terms.RecurringAmount)} {terms.Recurrence.Every}{(terms.TrialPeriodDays is { } days ? $", after a {days}-day free trial" : "")}."
        : null;
    public string Money(long amount) => Currency.Format(amount, Session.Currency);
    public SessionShippingOption? ChosenShipping => Session.ShippingOptions.FirstOrDefault(o => o.ShippingRateId == Session.ShippingRateId);
    /// <summary>Subtotal, discounts, shipping, tax and fees are listed when the session has any of them.</summary>
    public bool HasExtras => Session.AmountSubtotal != Session.AmountTotal || Session.Discounts.Count + Session.Fees.Count + Session.ShippingOptions.Count > 0;
    public static string Format(long amount, string currency) => Currency.Format(amount, currency);
    public string SuccessUrl => RedirectUrls.WithSessionId(Session.SuccessUrl, Session.Id);
    public string? CancelUrl => Session.CancelUrl is null ? null : RedirectUrls.WithSessionId(Session.CancelUrl, Session.Id);
    /// <summary>A payment link session with a hosted confirmation comes back to this page once paid: there is nowhere to return to.</summary>
    public bool ConfirmsHere => PaymentLink.ConfirmsOnHostedPage(Session);
    /// <summary>The link's custom message, shown on the paid page of a session that <see cref="ConfirmsHere"/>.</summary>
    public string? ConfirmationMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        if (State == PageState.Pay && !Session.TestMode && await payments.LatestAttemptAsync(Session.Id, ct) is { } attempt)
        {
            Prefill();
            if (attempt.Status == ProcessorAttemptStatus.RequiresAction) return await ShowResultAsync(await payments.ConfirmLiveAsync(Session, ct));
            Processing = attempt.Status is ProcessorAttemptStatus.Pending or ProcessorAttemptStatus.Reversing;
            return Page();
        }
        if (State == PageState.Paid && ConfirmsHere)
            ConfirmationMessage = await db.PaymentLinks.AsNoTracking().Where(l => l.Id == Session.PaymentLinkId)
                .Select(l => l.ConfirmationMessage).FirstOrDefaultAsync(ct);
        Prefill();
        return Page();
    }

    /// <summary>The code form: the session is priced again with the code, or the page says why the code cannot be used.</summary>
    public Task<IActionResult> OnPostApplyCodeAsync(string id, CancellationToken ct) =>
        CodeFormAsync(id, ct => promotionCodes.ApplyAsync(id, PromotionCode, ct), () => $"Code {EnteredCode?.PromotionCode} applied", ct);

    public Task<IActionResult> OnPostRemoveCodeAsync(string id, CancellationToken ct) =>
        CodeFormAsync(id, ct => promotionCodes.RemoveAsync(id, ct), () => "Code removed", ct);

    async Task<IActionResult> CodeFormAsync(string id, Func<CancellationToken, Task<PromotionCodeResult>> change, Func<string> done,
        CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        Prefill();
        if (State != PageState.Pay) return Page();
        switch (await change(ct))
        {
            case PromotionCodeResult.Applied applied:
                await ShowAsync(applied.Session);
                Notice = $"{done()}: your total is now {Total}.";
                PromotionCode = null;
                break;
            case PromotionCodeResult.Rejected rejected:
                await ShowAsync(rejected.Session);
                FieldErrors[PromotionCodeService.Field] = rejected.Message;
                break;
            case PromotionCodeResult.NotOpen notOpen:
                await ShowAsync(notOpen.Session);
                break;
            case PromotionCodeResult.Gone:
                return NotFoundPage();
        }
        return Page();
    }

    /// <summary>The buyer's details the merchant gave, as the form starts.</summary>
    void Prefill()
    {
        Email = Session.Defaults?.Email;
        Name = string.Join(' ', new[] { Session.Defaults?.FirstName, Session.Defaults?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        if (State != PageState.Pay) return Page();

        var request = new PayRequest(new CardInput(CardNumber, Expiry, Cvc), Email, Name, ShippingRate,
            new AddressInput(Line1, Line2, City, StateOrProvince, PostalCode, Country), ExpectedTotal, PaymentMethod);
        return await ShowResultAsync(UpdateShipping == "1" ? await SelectShippingAsync(ct) : await payments.PayAsync(Session, request, ct));
    }

    /// <summary>Live, after Stripe's step for the buyer (3-D Secure): the payment's outcome, asked of Stripe.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        if (State != PageState.Pay || Session.TestMode) return Page();
        Prefill();
        return await ShowResultAsync(await payments.ConfirmLiveAsync(Session, ct));
    }

    async Task<IActionResult> ShowResultAsync(PayResult result)
    {
        switch (result)
        {
            case PayResult.RequiresAction action:
                ClientSecret = action.ClientSecret;
                break;
            case PayResult.Processing processing:
                await ShowAsync(processing.Session);
                Processing = State == PageState.Pay;
                break;
            case PayResult.ShippingChanged changed:
                await ShowAsync(changed.Session);
                Notice = $"Shipping is now {ChosenShipping?.DisplayName} ({Money(Session.AmountShipping)}). "
                    + $"Your total is {Total}: press Pay to complete your order.";
                break;
            case PayResult.Paid paid:
                // Stored URLs are normalised at create; one stored before that and unfit for a header gets the paid page.
                var successUrl = RedirectUrls.WithSessionId(paid.Session.SuccessUrl, paid.Session.Id);
                if (!RedirectUrls.IsHeaderSafe(successUrl))
                {
                    await ShowAsync(paid.Session);
                    break;
                }
                Response.Headers.Location = successUrl;
                return StatusCode(StatusCodes.Status303SeeOther);
            case PayResult.Declined declined:
                DeclineMessage = declined.Outcome.Message;
                break;
            case PayResult.Invalid invalid:
                foreach (var error in invalid.Errors) FieldErrors.TryAdd(error.Field, error.Message);
                break;
            case PayResult.TooManyDeclines tooMany:
                await ShowAsync(tooMany.Session);
                DeclineMessage = "This checkout has had too many declined payment attempts, so it takes no more. Nothing was charged: "
                    + "contact the shop, or go back to it to check out again.";
                break;
            case PayResult.TotalChanged changed:
                await ShowAsync(changed.Session);
                Notice = $"Your order changed in another window: its total is now {Total}. Nothing was charged: press Pay to pay it.";
                break;
            case PayResult.PromotionCodeRejected rejected:
                await ShowAsync(rejected.Session);
                DeclineMessage = $"{rejected.Message} The code was removed from your order, which now costs {Total}. Nothing was charged: "
                    + "press Pay to pay that, or enter another code.";
                break;
            case PayResult.CouponUsedUp usedUp:
                await ShowAsync(usedUp.Session);
                DeclineMessage = "A discount on this order has been used as many times as the shop allows, so the order cannot be paid "
                    + "at this price. Nothing was charged: go back to the shop to check out again.";
                break;
            case PayResult.NotOpen notOpen:
                await ShowAsync(notOpen.Session);
                break;
            case PayResult.Gone:
                return NotFoundPage();
        }
        Cvc = null;
        return Page();
    }

    async Task<PayResult> SelectShippingAsync(CancellationToken ct)
    {
        if (ShippingRate is null || Session.ShippingOptions.All(o => o.ShippingRateId != ShippingRate))
            return new PayResult.Invalid(Session, [new(PaymentService.ShippingRateField, "shipping_rate_invalid", "Choose one of the shipping methods offered.")]);
        return await payments.SelectShippingAsync(Session, ShippingRate, ct) is { } changed
            ? new PayResult.ShippingChanged(changed)
            : await db.CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Session.Id, ct) is { } latest
                ? new PayResult.NotOpen(latest)
                : new PayResult.Gone();
    }

    async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var found = await db.CheckoutSessions.AsNoTracking()
            .Where(s => s.Id == id)
            .Join(db.Accounts, s => s.AccountId, a => a.Id, (s, a) => new { Session = s, a.Name, a.SupportEmail, a.BrandColor, a.LogoVersion })
            .FirstOrDefaultAsync(ct);
        if (found is null) return false;
        MerchantName = found.Name;
        SupportEmail = found.SupportEmail;
        StylesheetPath = Brand.IsColor(found.BrandColor) ? Brand.StylesheetPath(found.Session.AccountId, found.BrandColor!) : null;
        LogoPath = found.LogoVersion is null ? null : Brand.LogoPath(found.Session.AccountId, found.LogoVersion);
        await ShowAsync(found.Session);
        if (!found.Session.TestMode && await processors.FindAsync(found.Session.AccountId, ct) is { Kind: ProcessorKinds.Stripe } stripe)
        {
            Stripe = new StripeFields(stripe.PublishableKey, options.Value.Processors.Stripe.JsUrl);
            Response.Headers.ContentSecurityPolicy = CheckoutPageHeaders.WithStripe(Stripe.JsUrl, options.Value.Processors.Stripe.ApiBase);
        }
        return true;
    }

    /// <summary>A session on a test clock is judged at the clock's time.</summary>
    async Task ShowAsync(CheckoutSession session)
    {
        Session = session;
        State = SessionStatus.Effective(session.Status, session.ExpiresAt, await clocks.NowAsync(session.TestClockId, HttpContext.RequestAborted)) switch
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
