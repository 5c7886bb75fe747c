using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Catalog;

public enum RecurringInterval { Day, Week, Month, Year }

/// <summary>How often a recurring price bills: every <see cref="Count"/> <see cref="Interval"/>s, at most three years apart
/// (Stripe's bound).</summary>
public sealed record Recurrence(RecurringInterval Interval, int Count)
{
    public const int MaxTrialDays = 730;
    static readonly int[] MaxCount = [1095, 156, 36, 3];

    /// <summary>Flex's spelling on the wire.</summary>
    public string WireInterval => Interval switch
    {
        RecurringInterval.Day => "daily",
        RecurringInterval.Week => "weekly",
        RecurringInterval.Month => "monthly",
        _ => "yearly",
    };

    /// <summary>"every month", "every 3 months", as the hosted page says it.</summary>
    public string Every
    {
        get
        {
            var unit = Interval.ToString().ToLowerInvariant();
            return Count == 1 ? $"every {unit}" : $"every {Count} {unit}s";
        }
    }

    /// <summary>The end of the period that begins at <paramref name="start"/>. Months keep the day of the month where it
    /// exists and fall back to the month's last day (31 January + 1 month = 28 or 29 February), as Stripe bills.</summary>
    public DateTime After(DateTime start) => Interval switch
    {
        RecurringInterval.Day => start.AddDays(Count),
        RecurringInterval.Week => start.AddDays(7 * Count),
        RecurringInterval.Month => start.AddMonths(Count),
        _ => start.AddYears(Count),
    };

    /// <summary><c>recurring: {interval, interval_count?, trial_period_days?}</c>: Flex's <c>daily|weekly|monthly|yearly</c> or
    /// Stripe's <c>day|week|month|year</c>; null (with the errors in <paramref name="f"/>) when absent or invalid.</summary>
    public static (Recurrence? Recurrence, int? TrialDays) Parse(JsonFields f)
    {
        var recurring = f.Object("recurring");
        if (recurring is null) return (null, null);
        var name = recurring.String("interval", 10, required: true);
        RecurringInterval? interval = name switch
        {
            "daily" or "day" => RecurringInterval.Day,
            "weekly" or "week" => RecurringInterval.Week,
            "monthly" or "month" => RecurringInterval.Month,
            "yearly" or "year" => RecurringInterval.Year,
            _ => null,
        };
        if (name is not null && interval is null)
            recurring.AddError("interval", "parameter_invalid_string", "interval must be one of daily, weekly, monthly, yearly (or day, week, month, year).");
        var count = recurring.Integer("interval_count", min: 1, max: interval is { } i ? MaxCount[(int)i] : 1095);
        var trialDays = TrialDays(recurring);
        recurring.Ignore("usage_type");
        recurring.RejectUnknown();
        return interval is null || recurring.HasErrors ? (null, trialDays) : (new Recurrence(interval.Value, (int)(count ?? 1)), trialDays);
    }

    public static int? TrialDays(JsonFields f) => (int?)f.Integer("trial_period_days", min: 1, max: MaxTrialDays);
}
