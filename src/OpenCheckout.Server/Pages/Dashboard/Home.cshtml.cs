using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Dashboard.Charts;

namespace OpenCheckout.Server.Pages.Dashboard;

/// <summary>Home: the account's last 7, 30 or 90 days at a glance — gross volume, sessions created and completed (with the
/// conversion), payment attempts by outcome and decline code, refunds, webhook delivery success — each an SVG chart with
/// the same numbers in a table beside it.</summary>
public sealed class DashboardHomeModel(HomeDays homeDays, TimeProvider clock) : DashboardPageModel
{
    public static readonly int[] Ranges = [7, 30, 90];
    public const int DefaultRange = 30;

    /// <summary>Days shown: 7, 30 or 90; anything else is the default.</summary>
    [BindProperty(Name = "range", SupportsGet = true)] public int? RequestedRange { get; set; }

    public int RangeDays => RequestedRange is { } days && Ranges.Contains(days) ? days : DefaultRange;
    public HomeStats Stats { get; private set; } = null!;
    public IReadOnlyList<DateOnly> Days { get; private set; } = [];
    public Chart VolumeChart { get; private set; } = null!;
    public Chart SessionsChart { get; private set; } = null!;
    public Chart OutcomesChart { get; private set; } = null!;
    public Chart RefundsChart { get; private set; } = null!;
    public Chart WebhooksChart { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "home";
        var range = DayRange.Ending(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), RangeDays);
        Stats = HomeStats.Of(range, await homeDays.LoadAsync(Merchant, range, HttpContext.RequestAborted));
        Days = range.Days.ToList();
        var labels = Days.Select(Short).ToList();
        var currency = Stats.Currency;

        VolumeChart = BarChart.Columns(VolumeSummary, labels,
            [new ChartSeries("", "bar-volume", Days.Select(d => (double?)Major(Stats.VolumeOn(d, currency), currency)).ToList())],
            tick: t => Compact(t, currency), value: v => Amount(Minor(v, currency), currency), empty: "No sales in these days");

        SessionsChart = BarChart.Columns(SessionsSummary, labels,
            [
                new ChartSeries("created", "bar-created", Days.Select(d => (double?)Stats.CreatedOn(d)).ToList()),
                new ChartSeries("completed", "bar-completed", Days.Select(d => (double?)Stats.CompletedOn(d)).ToList()),
            ],
            tick: Whole, value: Whole, whole: true, empty: "No sessions in these days");

        var attempts = Stats.Succeeded + Stats.Declined;
        OutcomesChart = BarChart.Rows(OutcomesSummary,
            [
                new ChartRow("Succeeded", Stats.Succeeded, Share(Stats.Succeeded, attempts), "bar-good"),
                .. Stats.Declines.Count == 0
                    ? [new ChartRow("Declined", 0, Share(0, attempts), "bar-bad")]
                    : Stats.Declines.Select(d => new ChartRow($"Declined: {d.Code}", d.Count, Share(d.Count, attempts), "bar-bad")),
            ]);

        RefundsChart = BarChart.Columns(RefundsSummary, labels,
            [new ChartSeries("refunded", "bar-refund", Days.Select(d => (double?)Major(Stats.RefundedOn(d, currency), currency)).ToList())],
            tick: t => Compact(t, currency), value: v => Amount(Minor(v, currency), currency), empty: "No refunds in these days");

        WebhooksChart = BarChart.Columns(WebhooksSummary, labels,
            [new ChartSeries("of attempts succeeded", "bar-webhook",
                Days.Select(d => Stats.AttemptsOn(d) is { Attempts: > 0 } a ? 100.0 * a.Succeeded / a.Attempts : (double?)null).ToList())],
            tick: t => $"{Whole(t)}%", value: v => $"{v.ToString("0.#", CultureInfo.InvariantCulture)}%", fixedMax: 100,
            empty: "No delivery attempts in these days");
    }

    string Between => $"{Short(Stats.Range.First)} to {Short(Stats.Range.Last)}";

    public string VolumeSummary
    {
        get
        {
            var currency = Stats.Currency;
            var total = Stats.VolumeTotal(currency);
            if (total == 0) return $"Gross volume per day, {Between}: nothing completed.";
            var best = Days.MaxBy(d => Stats.VolumeOn(d, currency));
            var others = Stats.Currencies.Skip(1).Select(c => Amount(Stats.VolumeTotal(c), c)).ToList();
            return $"Gross volume per day in {currency.ToUpperInvariant()}, {Between}: {Amount(total, currency)} in total; " +
                $"highest {Amount(Stats.VolumeOn(best, currency), currency)} on {Short(best)}." +
                (others.Count > 0 ? $" Also {string.Join(", ", others)} in other currencies, in the table." : "");
        }
    }

    public string SessionsSummary =>
        $"Checkout sessions per day, {Between}: {Stats.CreatedTotal} created, {Stats.CompletedTotal} completed. " +
        $"Conversion {Percent(Stats.Conversion)}.";

    public string OutcomesSummary
    {
        get
        {
            var attempts = Stats.Succeeded + Stats.Declined;
            var codes = Stats.Declines.Select(d => $"{d.Count} {d.Code}");
            return $"Payment attempts, {Between}: {attempts} in all, {Stats.Succeeded} succeeded, {Stats.Declined} declined" +
                (Stats.Declines.Count > 0 ? $" ({string.Join(", ", codes)})." : ".");
        }
    }

    public string RefundsSummary
    {
        get
        {
            var currency = Stats.Currency;
            var count = Stats.RefundCount;
            if (count == 0) return $"Refunds per day, {Between}: none.";
            var total = Stats.Refunds.Where(r => r.Currency == currency).Sum(r => r.Amount);
            return $"Refunds per day in {currency.ToUpperInvariant()}, {Between}: {count} refund{(count == 1 ? "" : "s")}, " +
                $"{Amount(total, currency)} refunded.";
        }
    }

    public string WebhooksSummary
    {
        get
        {
            var attempts = Stats.Webhooks.Sum(w => w.Attempts);
            var succeeded = Stats.Webhooks.Sum(w => w.Succeeded);
            return attempts == 0
                ? $"Webhook delivery success rate per day, {Between}: no delivery attempts."
                : $"Webhook delivery success rate per day, {Between}: {succeeded} of {attempts} attempts succeeded ({Percent((double)succeeded / attempts)}).";
        }
    }

    /// <summary>Σ refunded in each currency, the charted one first: "$5.00, €3.00".</summary>
    public string RefundedTotals => Stats.Refunds.Count == 0 ? Amount(0, Stats.Currency) : string.Join(", ", Stats.Refunds
        .GroupBy(r => r.Currency).OrderByDescending(g => g.Key == Stats.Currency).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => Amount(g.Sum(r => r.Amount), g.Key)));

    /// <summary>Home with another range; the default range is the bare URL.</summary>
    public string RangeLink(int days) => days == DefaultRange ? $"/dashboard/{Mode}" : $"/dashboard/{Mode}?range={days}";

    public static string Short(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Amount(long minor, string currency) => Currency.Format(minor, currency);

    public static string Percent(double? share) =>
        share is { } s ? $"{(s * 100).ToString("0.#", CultureInfo.InvariantCulture)}%" : "—";

    static string Share(int count, int of) => of == 0 ? "0" : $"{count} ({Percent((double)count / of)})";

    static string Whole(double value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    static double Major(long minor, string currency) => minor / Math.Pow(10, Currency.Exponent(currency));

    static long Minor(double major, string currency) => (long)Math.Round(major * Math.Pow(10, Currency.Exponent(currency)));

    /// <summary>An axis value, short: $0, $250, $1.5k, €2M; without a symbol just the number (the chart says the currency).</summary>
    static string Compact(double major, string currency)
    {
        var zero = Currency.Format(0, currency);
        var digits = Currency.Exponent(currency) switch { 0 => "0", 2 => "0.00", _ => "0.000" };
        var number = major switch
        {
            >= 1_000_000 => (major / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 1_000 => (major / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            _ => major.ToString("0.##", CultureInfo.InvariantCulture),
        };
        return zero.StartsWith(digits, StringComparison.Ordinal) ? number : zero.Replace(digits, number, StringComparison.Ordinal);
    }
}
