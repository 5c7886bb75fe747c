using System.Globalization;
using OpenCheckout.Money;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OpenCheckout.Cli;

/// <summary>Tables for people. Every value goes in as plain <see cref="Text"/>, never as markup, so a product named
/// "[red]" prints as typed.</summary>
static class Render
{
    /// <summary>One object: a name/value table.</summary>
    public static Table Details(params (string Name, string? Value)[] rows)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
        foreach (var (name, value) in rows) table.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value ?? "-"));
        return table;
    }

    /// <summary>Many objects: one row each under <paramref name="columns"/>.</summary>
    public static Table List<T>(IEnumerable<T> items, string[] columns, Func<T, string?[]> row)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        foreach (var item in items) table.AddRow(row(item).Select(value => (IRenderable)new Text(value ?? "-")));
        return table;
    }

    /// <summary>A list page, then how to get the next one when there is more.</summary>
    public static void Page<T>(IAnsiConsole console, IReadOnlyList<T> items, bool hasMore, string noun, string[] columns,
        Func<T, string?[]> row, Func<T, string> id)
    {
        if (items.Count == 0)
        {
            console.WriteLine($"No {noun}.");
            return;
        }
        console.Write(List(items, columns, row));
        if (hasMore) console.WriteLine($"More {noun} follow: add --starting-after {id(items[^1])}");
    }

    public static string Time(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>12345 usd → "$123.45"; a currency this build does not know is shown in minor units with its code.</summary>
    public static string Money(long amount, string currency)
    {
        try
        {
            return Currency.Format(amount, currency);
        }
        catch (ArgumentException)
        {
            return $"{amount.ToString(CultureInfo.InvariantCulture)} {currency} (minor units)";
        }
    }

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string? Metadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0 ? null : string.Join(", ", metadata.Select(kv => $"{kv.Key}={kv.Value}"));
}
