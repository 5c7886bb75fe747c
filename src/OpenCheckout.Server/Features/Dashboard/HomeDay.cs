using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>How many (sessions, refunds) in one currency and their sum in minor units.</summary>
public sealed record CurrencyTotal(string Currency, int Count, long Amount);

/// <summary>Declined payment attempts with one decline code (the charge's <c>failure_code</c>).</summary>
public sealed record DeclineCount(string Code, int Count);

/// <summary>One UTC day of a merchant's figures as Home charts them: sessions created that day (and how many of those are
/// now complete), sessions completed that day by currency, payment attempts by outcome and decline code, refunds created
/// (not failed or canceled) by currency, webhook delivery attempts and how many succeeded.</summary>
public sealed record HomeDay(DateOnly Day)
{
    public int Created { get; init; }
    public int CreatedAndCompleted { get; init; }
    public IReadOnlyList<CurrencyTotal> Volume { get; init; } = [];
    /// <summary><c>charge.succeeded</c> events: successful payment attempts.</summary>
    public int Succeeded { get; init; }
    /// <summary><c>charge.failed</c> events by decline code: every declined attempt counts, also those of a session paid at
    /// a later attempt.</summary>
    public IReadOnlyList<DeclineCount> Declines { get; init; } = [];
    public IReadOnlyList<CurrencyTotal> Refunds { get; init; } = [];
    public int WebhookAttempts { get; init; }
    public int WebhookSucceeded { get; init; }

    const string FailureCode = "\"failure_code\":";
    // The longest decline code Stripe documents is 35 characters; the quotes and some slack make 64.
    const int FailureCodeWindow = 64;

    /// <summary>Every day of <paramref name="range"/>, days without rows as zeros. Each figure is one grouped query
    /// aggregated in the database (SQLite and PostgreSQL alike: <c>DateTime.Date</c> becomes <c>strftime(..., 'start of
    /// day')</c> on one and <c>date_trunc('day', ...)</c> on the other), scoped by the merchant and bounded by the range,
    /// which the id indexes seek (ids begin with their creation time). <paramref name="longestSession"/> bounds how long
    /// before completing a session can have been created: the completed-sessions query seeks by id from then.</summary>
    public static async Task<List<HomeDay>> ComputeAsync(CheckoutDb db, Merchant merchant, DayRange range, TimeSpan longestSession, CancellationToken ct)
    {
        var (start, end) = (range.Start, range.End);
        DateTimeOffset At(DateTime utc) => new(utc, TimeSpan.Zero);

        var sessionFloor = ObjectId.Floor(ObjectId.Session, At(start));
        var created = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant)
            .Where(s => string.Compare(s.Id, sessionFloor) >= 0 && s.CreatedAt >= start && s.CreatedAt < end)
            .GroupBy(s => s.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Created = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Complete) })
            .ToListAsync(ct);

        // Completed in the range, so created at most a session's lifetime before it: the (account, mode, status, id) index.
        var completedFloor = ObjectId.Floor(ObjectId.Session, At(start - longestSession));
        var volume = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant)
            .Where(s => s.Status == SessionStatus.Complete && string.Compare(s.Id, completedFloor) >= 0
                && s.CompletedAt >= start && s.CompletedAt < end)
            .GroupBy(s => new { Day = s.CompletedAt!.Value.Date, s.Currency })
            .Select(g => new { g.Key.Day, g.Key.Currency, Count = g.Count(), Amount = g.Sum(s => s.AmountTotal) })
            .ToListAsync(ct);

        // Every attempt is an event, declined ones with their code: the payment intent keeps only the last attempt's error.
        // Bounded by id: an event's id carries the instant of its CreatedAt to the millisecond (EventLog makes both from one
        // clock reading) and the range's ends are whole milliseconds, so the id range is the time range. Only the declines'
        // payloads are read: the code is cut out in the database (the first "failure_code" of a charge is its own: what
        // comes before it are ids), a window wide enough for any code, trimmed to the code here.
        var (eventFloor, eventCeiling) = (ObjectId.Floor(ObjectId.Event, At(start)), ObjectId.Floor(ObjectId.Event, At(end)));
        var events = db.Events.AsNoTracking().OwnedBy(merchant)
            .Where(e => string.Compare(e.Id, eventFloor) >= 0 && string.Compare(e.Id, eventCeiling) < 0);
        var succeeded = await events.Where(e => e.Type == EventTypes.ChargeSucceeded)
            .GroupBy(e => e.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var declines = await events.Where(e => e.Type == EventTypes.ChargeFailed)
            .GroupBy(e => new { Day = e.CreatedAt.Date, Code = e.Payload.Substring(e.Payload.IndexOf(FailureCode) + FailureCode.Length, FailureCodeWindow) })
            .Select(g => new { g.Key.Day, g.Key.Code, Count = g.Count() })
            .ToListAsync(ct);

        var refundFloor = ObjectId.Floor(ObjectId.Refund, At(start));
        var refunds = await db.Refunds.AsNoTracking().OwnedBy(merchant)
            .Where(r => string.Compare(r.Id, refundFloor) >= 0 && r.CreatedAt >= start && r.CreatedAt < end
                && r.Status != RefundStatus.Failed && r.Status != RefundStatus.Canceled)
            .GroupBy(r => new { Day = r.CreatedAt.Date, r.Currency })
            .Select(g => new { g.Key.Day, g.Key.Currency, Count = g.Count(), Amount = g.Sum(r => r.Amount) })
            .ToListAsync(ct);

        // Attempts are indexed by endpoint: the merchant's endpoints' (an endpoint's attempts go when it is deleted).
        var endpoints = db.WebhookEndpoints.OwnedBy(merchant).Select(e => e.Id);
        var attemptFloor = ObjectId.Floor(ObjectId.WebhookAttempt, At(start));
        var webhooks = await db.WebhookAttempts.AsNoTracking().OwnedBy(merchant)
            .Where(a => endpoints.Contains(a.EndpointId) && string.Compare(a.Id, attemptFloor) >= 0
                && a.AttemptedAt >= start && a.AttemptedAt < end)
            .GroupBy(a => a.AttemptedAt.Date)
            .Select(g => new { Day = g.Key, Attempts = g.Count(), Succeeded = g.Count(a => a.Succeeded) })
            .ToListAsync(ct);

        // Each query's rows by day, once; then one HomeDay per day of the range.
        var createdOn = created.ToDictionary(c => DateOnly.FromDateTime(c.Day));
        var volumeOn = volume.ToLookup(v => DateOnly.FromDateTime(v.Day));
        var succeededOn = succeeded.ToDictionary(c => DateOnly.FromDateTime(c.Day), c => c.Count);
        var declinesOn = declines.ToLookup(d => DateOnly.FromDateTime(d.Day));
        var refundsOn = refunds.ToLookup(r => DateOnly.FromDateTime(r.Day));
        var attemptsOn = webhooks.ToDictionary(w => DateOnly.FromDateTime(w.Day));
        return range.Days.Select(day => new HomeDay(day)
        {
            Created = createdOn.GetValueOrDefault(day)?.Created ?? 0,
            CreatedAndCompleted = createdOn.GetValueOrDefault(day)?.Completed ?? 0,
            Volume = volumeOn[day].Select(v => new CurrencyTotal(v.Currency, v.Count, v.Amount)).ToList(),
            Succeeded = succeededOn.GetValueOrDefault(day),
            Declines = declinesOn[day]
                .GroupBy(d => DeclineCodeOf(d.Code), (code, counts) => new DeclineCount(code, counts.Sum(c => c.Count)))
                .OrderBy(d => d.Code, StringComparer.Ordinal).ToList(),
            Refunds = refundsOn[day].Select(r => new CurrencyTotal(r.Currency, r.Count, r.Amount)).ToList(),
            WebhookAttempts = attemptsOn.GetValueOrDefault(day)?.Attempts ?? 0,
            WebhookSucceeded = attemptsOn.GetValueOrDefault(day)?.Succeeded ?? 0,
        }).ToList();
    }

    /// <summary>The code at the start of the window: <c>"generic_decline","failure_message":...</c> → generic_decline;
    /// a null code (or no field) → unknown.</summary>
    static string DeclineCodeOf(string? window)
    {
        if (window is null || !window.StartsWith('"')) return "unknown";
        var close = window.IndexOf('"', 1);
        return close > 1 ? window[1..close] : "unknown";
    }
}
