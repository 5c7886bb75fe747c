using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>One webhook endpoint: its event filter and status (edit), its signing secret (shown once after it is made or
/// rotated, masked otherwise; a rotation keeps the old secret signing for the API's overlap), a test event, and its delivery
/// log with redelivery of one event or of every failed delivery in a time range. Every change is the API's, through
/// <see cref="WebhookWrites"/>; deliveries go through the dispatcher like any other.</summary>
public sealed class DashboardWebhookDetailModel(CheckoutDb db, IUnitOfWork writes, TimeProvider clock, IOptions<OpenCheckoutOptions> options,
    EventLog events, WebhookSignal signal) : DashboardPageModel
{
    public const string NewSecretKey = "NewWebhookSecret";
    public const int PageSize = 25;
    static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public WebhookEndpoint Endpoint { get; private set; } = null!;
    public IReadOnlyList<WebhookAttempt> Attempts { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public DateTime Now { get; private set; }
    public TimeSpan SecretOverlap => options.Value.Webhooks.PreviousSecretLifetime;
    [TempData] public string? Done { get; set; }
    [TempData(Key = NewSecretKey)] public string? NewSecret { get; set; }
    public IReadOnlyList<string> EditErrors { get; private set; } = [];
    public IReadOnlyList<string> RangeErrors { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>What the forms show: the endpoint's own values, or what was sent when it was refused.</summary>
    public IReadOnlyList<string>? Ticked { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFoundPage("webhook endpoint");

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostEditAsync(string id, string[]? events, string? status)
    {
        if (!await LoadAsync(id)) return NotFoundPage("webhook endpoint");
        Ticked = events ?? [];
        var form = new FormInput();
        var checkedEvents = WebhookForm.Events(form, events);
        if (status is not (WebhookStatus.Enabled or WebhookStatus.Disabled)) form.Add("Status must be enabled or disabled.");
        if (form.HasErrors) return Refused(() => EditErrors = form.Errors);
        var merchant = Merchant;
        var found = await writes.RunAsync(async (db, ct) =>
        {
            var endpoint = await WebhookWrites.FindEndpointAsync(db, merchant, id, ct);
            if (endpoint is null) return false;
            endpoint.Events = checkedEvents!;
            if (endpoint.Status != status) WebhookWrites.SetStatus(endpoint, status!);
            return true;
        }, HttpContext.RequestAborted);
        return Changed(id, found ? "Saved." : null);
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostRotateAsync(string id)
    {
        var merchant = Merchant;
        var previousExpiresAt = clock.GetUtcNow().UtcDateTime + options.Value.Webhooks.PreviousSecretLifetime;
        var secret = await writes.RunAsync(async (db, ct) =>
        {
            var endpoint = await WebhookWrites.FindEndpointAsync(db, merchant, id, ct);
            if (endpoint is null) return null;
            WebhookWrites.RotateSecret(endpoint, previousExpiresAt);
            return endpoint.Secret;
        }, HttpContext.RequestAborted);
        if (secret is null) return NotFoundPage("webhook endpoint");
        NewSecret = secret;
        return Changed(id, $"Secret rotated. Copy the new one now: it is not shown again. The old secret also signs until {previousExpiresAt:yyyy-MM-dd HH:mm} UTC.");
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostTestAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFoundPage("webhook endpoint");
        if (Endpoint.Status != WebhookStatus.Enabled) return Refused(() => Error = "Enable the endpoint first: a disabled endpoint is sent nothing.");
        var merchant = Merchant;
        var now = clock.GetUtcNow();
        var eventId = await writes.RunAsync(async (db, ct) =>
        {
            var endpoint = await WebhookWrites.FindEndpointAsync(db, merchant, id, ct);
            return endpoint is null ? null : WebhookWrites.SendTestEvent(db, events, endpoint, now, signal);
        }, HttpContext.RequestAborted);
        return Changed(id, eventId is null ? null : $"Test event {eventId} ({EventTypes.Test}) queued; its attempt shows in the log below.");
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostRedeliverAsync(string id, string? eventId)
    {
        if (!await LoadAsync(id)) return NotFoundPage("webhook endpoint");
        if (Endpoint.Status != WebhookStatus.Enabled) return Refused(() => Error = "Enable the endpoint first: a disabled endpoint is sent nothing.");
        if (string.IsNullOrEmpty(eventId)) return Refused(() => Error = "Choose a delivery to send again.");
        var merchant = Merchant;
        var now = clock.GetUtcNow();
        var (_, refused) = await writes.RunAsync((db, ct) => WebhookWrites.RetryEventAsync(db, merchant, eventId, id, now, signal, ct),
            HttpContext.RequestAborted);
        if (refused is not null) return Refused(() => Error = refused.Message);
        return Changed(id, $"Event {eventId} queued for redelivery.");
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostRedeliverFailedAsync(string id, string? from, string? to)
    {
        if (!await LoadAsync(id)) return NotFoundPage("webhook endpoint");
        (From, To) = (from, to);
        var start = ParseTime(from, out _);
        var end = ParseTime(to, out var toIsDay);
        var errors = new List<string>();
        if (start is null) errors.Add("From must be a UTC time such as 2026-03-01T09:00.");
        if (end is null) errors.Add("To must be a UTC time such as 2026-03-02T18:30.");
        if (start is not null && end is not null && start > end) errors.Add("From must not be after To.");
        if (Endpoint.Status != WebhookStatus.Enabled) errors.Add("Enable the endpoint first: a disabled endpoint is sent nothing.");
        if (errors.Count > 0) return Refused(() => RangeErrors = errors);
        // The end is the whole minute (or day) typed, as a person reads "to 18:30".
        var endExclusive = end!.Value + (toIsDay ? TimeSpan.FromDays(1) : TimeSpan.FromMinutes(1));
        var now = clock.GetUtcNow();
        var (queued, more) = await writes.RunAsync((db, ct) => WebhookWrites.RedeliverFailedAsync(db, id, start!.Value, endExclusive, now, signal, ct),
            HttpContext.RequestAborted);
        return Changed(id, queued == 0 ? "No failed deliveries in that range: nothing was queued."
            : $"Queued {queued} failed {(queued == 1 ? "delivery" : "deliveries")} for redelivery."
                + (more ? $" That is the most at once ({WebhookWrites.MaxRedeliveries}); more remain in the range: run it again." : ""));
    }

    /// <summary><c>fwhsec_</c>, dots and the last four characters: enough to tell secrets apart, not to sign.</summary>
    public static string Masked(string secret) => $"fwhsec_••••••••{secret[^4..]}";

    public string QueryWith(string? after) => after is null ? "?" : QueryString.Create("after", after).ToString();

    static DateTime? ParseTime(string? value, out bool isDay)
    {
        isDay = false;
        if (string.IsNullOrWhiteSpace(value)
            || !DateTime.TryParseExact(value.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            return null;
        isDay = value.Trim().Length == 10;
        return DateTime.SpecifyKind(time, DateTimeKind.Utc);
    }

    IActionResult Refused(Action show)
    {
        show();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    IActionResult Changed(string id, string? done)
    {
        if (done is null) return NotFoundPage("webhook endpoint");
        Done = done;
        return Redirect($"/dashboard/{Mode}/developers/webhooks/{id}");
    }

    async Task<bool> LoadAsync(string id)
    {
        ViewData["Section"] = "developers";
        ViewData["Developers"] = "webhooks";
        Now = clock.GetUtcNow().UtcDateTime;
        var endpoint = await db.WebhookEndpoints.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(e => e.Id == id, HttpContext.RequestAborted);
        if (endpoint is null) return false;
        Endpoint = endpoint;
        var attempts = db.WebhookAttempts.AsNoTracking().OwnedBy(Merchant).Where(a => a.EndpointId == id);
        if (After is not null) attempts = attempts.Where(a => string.Compare(a.Id, After) < 0);
        var page = await attempts.OrderByDescending(a => a.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Attempts = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Attempts[^1].Id : null;
        From ??= (Now - TimeSpan.FromDays(1)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        To ??= Now.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return true;
    }
}
