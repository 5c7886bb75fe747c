using System.Globalization;

namespace OpenCheckout.Server.Features.Dashboard.Charts;

/// <summary>One series of a column chart: its name (the legend's and each bar's tooltip), the CSS class its bars are
/// painted with, and one value per category (null: nothing to draw, as for a rate on a day without attempts).</summary>
public sealed record ChartSeries(string Name, string CssClass, IReadOnlyList<double?> Values);

/// <summary>A horizontal bar: its label, value, how the value reads, and its CSS class.</summary>
public sealed record ChartRow(string Label, double Value, string Display, string CssClass);

public sealed record ChartRect(double X, double Y, double Width, double Height, string CssClass, string Title);

public sealed record ChartText(double X, double Y, string Text, string Anchor, string CssClass);

public sealed record ChartLine(double X1, double Y1, double X2, double Y2, string CssClass);

/// <summary>An SVG chart laid out in its own coordinates (<see cref="Width"/> × <see cref="Height"/>, the viewBox), so
/// it scales to its container: shapes, texts and lines, each painted by a CSS class (the dashboard's CSP allows no inline
/// style). <see cref="Label"/> is its <c>aria-label</c>, what a screen reader says instead of reading the shapes.
/// Pages/Dashboard/_Chart.cshtml renders it.</summary>
public sealed class Chart
{
    public required double Width { get; init; }
    public required double Height { get; init; }
    public required string Label { get; init; }
    public IReadOnlyList<ChartRect> Rects { get; init; } = [];
    public IReadOnlyList<ChartText> Texts { get; init; } = [];
    public IReadOnlyList<ChartLine> Lines { get; init; } = [];

    /// <summary>A coordinate as SVG wants it: invariant, at most two decimals.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Lays out bar charts: columns over categories (days), one or more series side by side, with a value axis of
/// round ticks; or labelled horizontal rows (outcomes). The math lives here, not in the page.</summary>
public static class BarChart
{
    // Small coordinates: on a phone the chart is drawn a little smaller than this, on a desktop a little larger, so the
    // texts stay readable at both (dashboard.css sizes them, larger on narrow screens).
    public const double Width = 360;
    const double ColumnsHeight = 180;
    const double Left = 44, Right = 4, Top = 10, Bottom = 22;
    const int MaxCategoryLabels = 4;

    /// <summary>Columns: one group per category (left to right), one bar per series in each group. <paramref name="tick"/>
    /// writes an axis value; <paramref name="value"/> a bar's value in its tooltip. <paramref name="fixedMax"/> pins the
    /// axis (100 for percentages); otherwise it rounds up from the largest value, and <paramref name="whole"/> keeps its
    /// ticks whole numbers (counts). With no bar to draw, <paramref name="empty"/> is written across the plot.</summary>
    public static Chart Columns(string label, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series,
        Func<double, string> tick, Func<double, string> value, bool whole = false, double? fixedMax = null, string empty = "No data")
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = ColumnsHeight - Top - Bottom;
        var baseline = Top + plotHeight;
        var largest = series.SelectMany(s => s.Values).Select(v => v ?? 0).DefaultIfEmpty(0).Max();
        var (max, step) = fixedMax is { } pinned ? (pinned, pinned / 2) : Axis(largest, whole);

        var lines = new List<ChartLine>();
        var texts = new List<ChartText>();
        for (var i = 0; i <= (int)Math.Round(max / step); i++)
        {
            var t = i * step;
            var y = baseline - t / max * plotHeight;
            lines.Add(new ChartLine(Left, y, Width - Right, y, t == 0 ? "axis" : "grid"));
            texts.Add(new ChartText(Left - 6, y + 4, tick(t), "end", "tick"));
        }

        var rects = new List<ChartRect>();
        var count = Math.Max(1, categories.Count);
        var slot = plotWidth / count;
        var group = slot * (count > 45 ? 0.9 : 0.75);
        var barWidth = group / Math.Max(1, series.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            var x = Left + c * slot + (slot - group) / 2;
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Values[c] is not { } v || v <= 0) continue;
                var height = Math.Max(1, Math.Min(v, max) / max * plotHeight);
                rects.Add(new ChartRect(x + s * barWidth, baseline - height, barWidth, height, series[s].CssClass,
                    $"{categories[c]}: {value(v)} {series[s].Name}".TrimEnd()));
            }
        }

        if (rects.Count == 0) texts.Add(new ChartText(Left + plotWidth / 2, Top + plotHeight * 0.35, empty, "middle", "empty"));

        // At most a handful of category labels, evenly spaced, always the last (today) among them: that one ends at the
        // right edge, so it is never cut off.
        var every = (int)Math.Ceiling(categories.Count / (double)MaxCategoryLabels);
        for (var c = categories.Count - 1; c >= 0; c -= Math.Max(1, every))
        {
            var last = c == categories.Count - 1;
            texts.Add(new ChartText(last ? Width - Right : Left + (c + 0.5) * slot, ColumnsHeight - 5, categories[c], last ? "end" : "middle", "category"));
        }
        return new Chart { Width = Width, Height = ColumnsHeight, Label = label, Rects = rects, Texts = texts, Lines = lines };
    }

    /// <summary>Rows: each a label (left) and its value (right) over a bar whose length is its share of the largest.</summary>
    public static Chart Rows(string label, IReadOnlyList<ChartRow> rows)
    {
        const double labelHeight = 18, barHeight = 10, gap = 10;
        var largest = rows.Count == 0 ? 0 : rows.Max(r => r.Value);
        var rects = new List<ChartRect>();
        var texts = new List<ChartText>();
        var lines = new List<ChartLine>();
        var y = 4.0;
        foreach (var row in rows)
        {
            texts.Add(new ChartText(0, y + 13, row.Label, "start", "row-label"));
            texts.Add(new ChartText(Width, y + 13, row.Display, "end", "row-value"));
            var barTop = y + labelHeight;
            lines.Add(new ChartLine(0, barTop + barHeight, Width, barTop + barHeight, "axis"));
            if (row.Value > 0 && largest > 0)
                rects.Add(new ChartRect(0, barTop, Math.Max(2, row.Value / largest * Width), barHeight, row.CssClass, $"{row.Label}: {row.Display}"));
            y = barTop + barHeight + gap;
        }
        return new Chart { Width = Width, Height = Math.Max(y, 40), Label = label, Rects = rects, Texts = texts, Lines = lines };
    }

    /// <summary>The axis top and tick step: about four round steps (1, 2 or 5 × 10ⁿ) covering <paramref name="largest"/>.</summary>
    static (double Max, double Step) Axis(double largest, bool whole)
    {
        if (largest <= 0) return (1, 1);
        var rough = largest / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        if (whole) step = Math.Max(1, Math.Ceiling(step));
        return (Math.Ceiling(largest / step) * step, step);
    }
}
