using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>Whole UTC days, <see cref="First"/> to <see cref="Last"/>: the last <c>n</c> days, today included.</summary>
public sealed record DayRange(DateOnly First, DateOnly Last)
{
    public static DayRange Ending(DateOnly last, int days) => new(last.AddDays(1 - days), last);

    public int Count => Last.DayNumber - First.DayNumber + 1;
    public DateTime Start => First.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    /// <summary>Exclusive: midnight after <see cref="Last"/>.</summary>
    public DateTime End => Last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    public IEnumerable<DateOnly> Days => Enumerable.Range(0, Count).Select(First.AddDays);
}

/// <summary>Money on one day in one currency: how many (sessions, refunds) and their sum in minor units.</summary>
public sealed record DayMoney(DateOnly Day, string Currency, int Count, long Amount);

public sealed record DaySessions(DateOnly Day, int Created, int CreatedAndCompleted);

public sealed record DayAttempts(DateOnly Day, int Attempts, int Succeeded);

/// <summary>Declined payment attempts with one decline code (the charge's <c>failure_code</c>).</summary>
public sealed record DeclineCount(string Code, int Count);

/// <summary>What the dashboard's Home charts: a merchant's sessions, payments, refunds and webhook deliveries per UTC day over
/// a <see cref="DayRange"/>. Each figure is one grouped query aggregated in the database (SQLite and PostgreSQL alike:
/// <c>DateTime.Date</c> becomes <c>strftime(..., 'start of day')</c> on one and <c>date_trunc('day', ...)</c> on the
/// other), scoped by the merchant and bounded by the range, which the id indexes seek (ids begin with their creation time).
/// Days without rows are zeros.</summary>
public sealed class HomeStats
{
    public required DayRange Range { get; init; }
    /// <summary>Currencies of the sessions completed in the range, most completed first.</summary>
    public required IReadOnlyList<string> Currencies { get; init; }
    /// <summary>The currency charted: the one most used, or USD when nothing was sold.</summary>
    public string Currency => Currencies.Count > 0 ? Currencies[0] : Money.Currency.Default;
    /// <summary>Sessions completed per day (by <c>completed_at</c>) and currency: their count and Σ amount_total.</summary>
    public required IReadOnlyList<DayMoney> Volume { get; init; }
    /// <summary>Sessions created per day, and how many of those are now complete.</summary>
    public required IReadOnlyList<DaySessions> Created { get; init; }
    /// <summary><c>charge.succeeded</c> events in the range: successful payment attempts.</summary>
    public required int Succeeded { get; init; }
    /// <summary><c>charge.failed</c> events in the range, by decline code, most first: every declined attempt counts, also
    /// those of a session paid at a later attempt.</summary>
    public required IReadOnlyList<DeclineCount> Declines { get; init; }
    /// <summary>Refunds created per day and currency (not failed or canceled): count and Σ amount.</summary>
    public required IReadOnlyList<DayMoney> Refunds { get; init; }
    public required IReadOnlyList<DayAttempts> Webhooks { get; init; }

    public int Declined => Declines.Sum(d => d.Count);

    public long VolumeOn(DateOnly day, string currency) => Volume.Where(v => v.Day == day && v.Currency == currency).Sum(v => v.Amount);
    public long VolumeTotal(string currency) => Volume.Where(v => v.Currency == currency).Sum(v => v.Amount);
    public int CompletedOn(DateOnly day) => Volume.Where(v => v.Day == day).Sum(v => v.Count);
    public int CompletedTotal => Volume.Sum(v => v.Count);
    public int CreatedOn(DateOnly day) => Created.Where(c => c.Day == day).Sum(c => c.Created);
    public int CreatedTotal => Created.Sum(c => c.Created);
    /// <summary>Of the sessions created in the range, the share now complete; null when none was created.</summary>
    public double? Conversion => CreatedTotal == 0 ? null : (double)Created.Sum(c => c.CreatedAndCompleted) / CreatedTotal;
    public int CreatedAndCompletedTotal => Created.Sum(c => c.CreatedAndCompleted);
    public IEnumerable<DayMoney> RefundsOn(DateOnly day) => Refunds.Where(r => r.Day == day).OrderByDescending(r => r.Currency == Currency);
    public long RefundedOn(DateOnly day, string currency) => Refunds.Where(r => r.Day == day && r.Currency == currency).Sum(r => r.Amount);
    public int RefundCount => Refunds.Sum(r => r.Count);
    public DayAttempts AttemptsOn(DateOnly day) => Webhooks.FirstOrDefault(w => w.Day == day) ?? new DayAttempts(day, 0, 0);

    const string FailureCode = "\"failure_code\":";
    // The longest decline code Stripe documents is 35 characters; the quotes and some slack make 64.
    const int FailureCodeWindow = 64;

    /// <summary>The merchant's figures over <paramref name="range"/>. <paramref name="longestSession"/> bounds how long before
    /// completing a session can have been created (the longest lifetime a session may have): the completed-sessions
    /// query seeks by id from then.</summary>
    public static async Task<HomeStats> LoadAsync(CheckoutDb db, Merchant merchant, DayRange range, TimeSpan longestSession, CancellationToken ct)
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
        // Bounded by id alone: an event's id carries the instant of its CreatedAt to the millisecond (EventLog makes both from
        // one clock reading) and the range's ends are whole milliseconds, so the id range is the time range. Two queries, so
        // that the successes (most events) are counted in the (account, mode, type, id) index without reading a row; only
        // the declines' payloads are read: the code is cut out in the database (the first "failure_code" of a charge is its
        // own: what comes before it are ids), a window wide enough for any code, trimmed to the code here.
        var (eventFloor, eventCeiling) = (ObjectId.Floor(ObjectId.Event, At(start)), ObjectId.Floor(ObjectId.Event, At(end)));
        var events = db.Events.AsNoTracking().OwnedBy(merchant)
            .Where(e => string.Compare(e.Id, eventFloor) >= 0 && string.Compare(e.Id, eventCeiling) < 0);
        var succeeded = await events.CountAsync(e => e.Type == EventTypes.ChargeSucceeded, ct);
        var declines = await events.Where(e => e.Type == EventTypes.ChargeFailed)
            .GroupBy(e => e.Payload.Substring(e.Payload.IndexOf(FailureCode) + FailureCode.Length, FailureCodeWindow))
            .Select(g => new { Code = g.Key, Count = g.Count() })
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

        return new HomeStats
        {
            Range = range,
            Currencies = volume.GroupBy(v => v.Currency).OrderByDescending(g => g.Sum(v => v.Count)).ThenBy(g => g.Key).Select(g => g.Key).ToList(),
            Volume = volume.Select(v => new DayMoney(DateOnly.FromDateTime(v.Day), v.Currency, v.Count, v.Amount)).ToList(),
            Created = created.Select(c => new DaySessions(DateOnly.FromDateTime(c.Day), c.Created, c.Completed)).ToList(),
            Succeeded = succeeded,
            Declines = declines
                .GroupBy(o => DeclineCodeOf(o.Code), (code, counts) => new DeclineCount(code, counts.Sum(c => c.Count)))
                .OrderByDescending(d => d.Count).ThenBy(d => d.Code, StringComparer.Ordinal).ToList(),
            Refunds = refunds.Select(r => new DayMoney(DateOnly.FromDateTime(r.Day), r.Currency, r.Count, r.Amount)).ToList(),
            Webhooks = webhooks.Select(w => new DayAttempts(DateOnly.FromDateTime(w.Day), w.Attempts, w.Succeeded)).ToList(),
        };
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
