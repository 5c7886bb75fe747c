using OpenCheckout.Money;

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

/// <summary>What the dashboard's Home charts: a merchant's sessions, payments, refunds and webhook deliveries per UTC day over
/// a <see cref="DayRange"/>, summed from its <see cref="HomeDay"/>s. Days without rows are zeros.</summary>
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

    /// <summary>The figures of <paramref name="days"/>, one for each day of <paramref name="range"/>, summed.</summary>
    public static HomeStats Of(DayRange range, IReadOnlyList<HomeDay> days)
    {
        var volume = days.SelectMany(d => d.Volume.Select(v => new DayMoney(d.Day, v.Currency, v.Count, v.Amount))).ToList();
        return new HomeStats
        {
            Range = range,
            Currencies = volume.GroupBy(v => v.Currency).OrderByDescending(g => g.Sum(v => v.Count)).ThenBy(g => g.Key).Select(g => g.Key).ToList(),
            Volume = volume,
            Created = days.Where(d => d.Created > 0).Select(d => new DaySessions(d.Day, d.Created, d.CreatedAndCompleted)).ToList(),
            Succeeded = days.Sum(d => d.Succeeded),
            Declines = days.SelectMany(d => d.Declines)
                .GroupBy(d => d.Code, (code, counts) => new DeclineCount(code, counts.Sum(c => c.Count)))
                .OrderByDescending(d => d.Count).ThenBy(d => d.Code, StringComparer.Ordinal).ToList(),
            Refunds = days.SelectMany(d => d.Refunds.Select(r => new DayMoney(d.Day, r.Currency, r.Count, r.Amount))).ToList(),
            Webhooks = days.Where(d => d.WebhookAttempts > 0).Select(d => new DayAttempts(d.Day, d.WebhookAttempts, d.WebhookSucceeded)).ToList(),
        };
    }
}
