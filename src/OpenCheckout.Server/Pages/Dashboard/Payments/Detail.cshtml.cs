using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Time;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Pages.Dashboard.Payments;

/// <summary>One checkout session: its lines, payment, refunds and timeline (every event about it, each with its webhook
/// delivery attempts), and the actions — refund (all, an amount, or per line), capture or release an authorization, expire,
/// answer a dispute (evidence, submit, accept) — through the same services as the API's, so the rules and events are the API's.</summary>
public sealed class PaymentDetailModel(CheckoutDb db, IUnitOfWork writes, RefundService refunds, CaptureService captures, SessionExpiry expiry,
    DisputeResponses disputes, TimeProvider clock, IObjectClock clocks, PublicUrls urls, ILiveProcessors processors) : DashboardPageModel
{
    public CheckoutSession Session { get; private set; } = null!;
    public PaymentIntent? Payment { get; private set; }
    public IReadOnlyList<Refund> Refunds { get; private set; } = [];
    /// <summary>The payment's dispute, once opened.</summary>
    public Dispute? Dispute { get; private set; }
    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];
    public string Status { get; private set; } = "";
    public string HostedPageUrl => urls.HostedPage(Session.Id);
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }

    public sealed record TimelineEntry(DateTime At, string Type, string? Detail, IReadOnlyList<WebhookAttempt> Attempts);

    public async Task<IActionResult> OnGetAsync(string id)
    {
        ViewData["Section"] = "payments";
        return await LoadAsync(id) ? Page() : NotFoundPage("checkout session");
    }

    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostRefundAsync(string id, string? amount, string? reason,
        [FromForm(Name = "lines")] Dictionary<string, string>? lines)
    {
        if (!await LoadAsync(id)) return NotFoundPage("checkout session");
        var how = ParseRefund(amount, lines);
        if (how is null) return Page();
        var result = await writes.RunAsync((db, ct) => refunds.RefundSessionAsync(db, Merchant, id,
            new RefundRequest(how, string.IsNullOrEmpty(reason) ? null : reason, []), ct), HttpContext.RequestAborted);
        return await Outcome(id, result is RefundResult.Refused refused ? refused.Error : null,
            result is RefundResult.Created created ? $"Refunded {Currency.Format(created.Refund.Amount, created.Refund.Currency)}." : null);
    }

    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostCaptureAsync(string id)
    {
        if (await CaptureService.CaptureAtProcessorAsync(db, processors, id, Merchant, null, HttpContext.RequestAborted) is { } unprocessed)
            return await Outcome(id, unprocessed, null);
        var result = await writes.RunAsync((db, ct) => captures.CaptureAsync(db, id, Merchant, null, [], ct), HttpContext.RequestAborted);
        if (result is null) return NotFoundPage("checkout session");
        return await Outcome(id, result is CaptureResult.Refused refused ? refused.Error : null, "Captured.");
    }

    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        if (await CaptureService.CancelAtProcessorAsync(db, processors, id, Merchant, HttpContext.RequestAborted) is { } unprocessed)
            return await Outcome(id, unprocessed, null);
        var result = await writes.RunAsync((db, ct) => captures.CancelAsync(db, id, Merchant, ct), HttpContext.RequestAborted);
        if (result is null) return NotFoundPage("checkout session");
        return await Outcome(id, result is CancelResult.Refused refused ? refused.Error : null, "Released the authorization: nothing will be charged.");
    }

    /// <summary>The dispute's evidence: the explanation (Stripe's <c>uncategorized_text</c>) and the product description; saved,
    /// or submitted for review.</summary>
    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostEvidenceAsync(string id, string? disputeId, string? explanation, string? productDescription, bool submit)
    {
        if (disputeId is null) return NotFoundPage("dispute");
        var evidence = new Dictionary<string, string?>
        {
            ["uncategorized_text"] = string.IsNullOrWhiteSpace(explanation) ? null : explanation.Trim(),
            ["product_description"] = string.IsNullOrWhiteSpace(productDescription) ? null : productDescription.Trim(),
        };
        var merchant = Merchant;
        var (_, refused) = await writes.RunAsync((db, ct) => disputes.UpdateAsync(db, merchant, disputeId, evidence, null, submit, ct),
            HttpContext.RequestAborted);
        return await Outcome(id, refused, submit ? "Submitted the evidence: the dispute is under review." : "Saved the evidence (not submitted yet).");
    }

    [Performs(DashboardAction.MoveMoney)]
    public async Task<IActionResult> OnPostAcceptDisputeAsync(string id, string? disputeId)
    {
        if (disputeId is null) return NotFoundPage("dispute");
        var merchant = Merchant;
        var (_, refused) = await writes.RunAsync((db, ct) => disputes.CloseAsync(db, merchant, disputeId, ct), HttpContext.RequestAborted);
        return await Outcome(id, refused, "Accepted the dispute: it is closed as lost.");
    }

    [Performs(DashboardAction.ChangeSessions)]
    public async Task<IActionResult> OnPostExpireAsync(string id)
    {
        var (_, refused) = await writes.RunAsync((db, ct) => expiry.ExpireOneAsync(db, Merchant, id, clock.GetUtcNow(), ct), HttpContext.RequestAborted);
        return await Outcome(id, refused, "Expired.");
    }

    /// <summary>After an action: back to the page (a reload repeats nothing), or the page with the error the API would give.</summary>
    async Task<IActionResult> Outcome(string id, ApiError? error, string? done)
    {
        if (error is null)
        {
            Done = done;
            return Redirect($"/dashboard/{Mode}/payments/{id}");
        }
        if (!await LoadAsync(id)) return NotFoundPage("checkout session");
        Error = error.Message;
        Response.StatusCode = error.Status;
        return Page();
    }

    /// <summary>Empty: all that remains; an amount in major units (12.50); or per line, each line's amount.</summary>
    RefundAmount? ParseRefund(string? amount, Dictionary<string, string>? lines)
    {
        var perLine = (lines ?? []).Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        if (perLine.Count > 0 && !string.IsNullOrWhiteSpace(amount))
        {
            Error = "Refund an amount or per line, not both.";
            return null;
        }
        if (perLine.Count > 0)
        {
            var items = new List<LineRefund>();
            foreach (var (lineId, value) in perLine)
            {
                var line = Session.LineItems.FirstOrDefault(l => l.LineItemId == lineId);
                if (line is null || ToMinor(value) is not { } minor) return null;
                items.Add(new LineRefund(line.PriceId, null, minor, $"line {lineId}"));
            }
            return new RefundAmount.Lines(items);
        }
        if (string.IsNullOrWhiteSpace(amount)) return new RefundAmount.Remaining();
        return ToMinor(amount) is { } exactly ? new RefundAmount.Exactly(exactly, "amount") : null;
    }

    long? ToMinor(string text)
    {
        var exponent = Currency.Exponent(Session.Currency);
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major)
            && major > 0 && major < 1_000_000_000_000m && decimal.Round(major, exponent) == major)
            return (long)(major * (decimal)Math.Pow(10, exponent));
        Error = $"'{text}' is not an amount in {Session.Currency.ToUpperInvariant()} (at most {exponent} decimals).";
        return null;
    }

    async Task<bool> LoadAsync(string id)
    {
        var ct = HttpContext.RequestAborted;
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return false;
        Session = session;
        Status = SessionStatus.Effective(session.Status, session.ExpiresAt, await clocks.NowAsync(db, session.TestClockId, ct));
        Payment = await db.PaymentIntents.AsNoTracking().OwnedBy(Merchant).Where(p => p.SessionId == id).OrderByDescending(p => p.Id).FirstOrDefaultAsync(ct);
        Refunds = await db.Refunds.AsNoTracking().OwnedBy(Merchant).Where(r => r.SessionId == id).OrderBy(r => r.Id).ToListAsync(ct);
        Dispute = Payment is null ? null : await DisputeResponses.Opened(db, Merchant).AsNoTracking().Where(d => d.PaymentIntentId == Payment.Id)
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        // Every event about the session names it in its payload, and is recorded with it as its SessionId.
        var events = await db.Events.AsNoTracking().OwnedBy(Merchant).Where(e => e.SessionId == id)
            .OrderBy(e => e.Id).Take(200).ToListAsync(ct);
        var eventIds = events.Select(e => e.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().OwnedBy(Merchant).Where(a => eventIds.Contains(a.EventId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.EventId);
        Timeline = [new TimelineEntry(session.CreatedAt, "checkout.session created", null, []),
            .. events.Select(e => new TimelineEntry(e.CreatedAt, e.Type, DetailOf(e.Payload), attempts[e.Id].ToList()))];
        return true;
    }

    /// <summary>What a person wants from an event at a glance: a decline's code and message, a refund's amount.</summary>
    static string? DetailOf(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        if (!json.RootElement.TryGetProperty("object", out var wrapper)) return null;
        foreach (var kind in wrapper.EnumerateObject())
        {
            var o = kind.Value;
            if (kind.Name == "charge" && o.TryGetProperty("failure_code", out var code) && code.ValueKind == JsonValueKind.String)
                return $"{code.GetString()}: {o.GetProperty("failure_message").GetString()}";
            if (kind.Name == "payment_intent" && o.TryGetProperty("last_payment_error", out var error) && error.ValueKind == JsonValueKind.Object)
                return $"{(error.TryGetProperty("decline_code", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : error.GetProperty("code").GetString())}: {error.GetProperty("message").GetString()}";
            if (kind.Name == "refund")
                return $"{Currency.Format(o.GetProperty("amount").GetInt64(), o.GetProperty("currency").GetString()!)} ({o.GetProperty("status").GetString()})";
        }
        return null;
    }
}
