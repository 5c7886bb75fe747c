using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Pages.Dashboard.Payments;

/// <summary>Checkout sessions, newest first, filtered by status, date range, buyer email, <c>client_reference_id</c> and
/// amount; paged by cursor (the last id shown), and exported as CSV with the same filters.</summary>
public sealed class PaymentsModel(CheckoutDb db, TimeProvider clock) : DashboardPageModel
{
    public const int PageSize = 25;
    public const int MaxExportRows = 10_000;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Amount { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<CheckoutSession> Sessions { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public string? FilterError { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "payments";
        Now = clock.GetUtcNow();
        if (Filtered() is not { } query) return;
        if (After is not null) query = query.Where(s => string.Compare(s.Id, After) < 0);
        var page = await query.OrderByDescending(s => s.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Sessions = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Sessions[^1].Id : null;
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        Now = clock.GetUtcNow();
        if (Filtered() is not { } query) return BadRequest(FilterError!);
        var rows = await query.OrderByDescending(s => s.Id).Take(MaxExportRows).ToListAsync(HttpContext.RequestAborted);
        var csv = new StringBuilder("id,created,status,amount_total,currency,amount_refunded,email,client_reference_id\r\n");
        foreach (var s in rows)
            csv.AppendJoin(',', [s.Id, s.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), StatusOf(s),
                s.AmountTotal.ToString(CultureInfo.InvariantCulture), s.Currency, s.AmountRefunded.ToString(CultureInfo.InvariantCulture),
                Csv.Cell(s.CustomerEmail), Csv.Cell(s.ClientReferenceId)]).Append("\r\n");
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"sessions-{Mode}-{Now:yyyyMMdd-HHmmss}.csv");
    }

    public string StatusOf(CheckoutSession s) => SessionStatus.Effective(s.Status, s.ExpiresAt, Now);

    /// <summary>This page's filters in a query string, with <c>after</c> replaced.</summary>
    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status, ["email"] = Email, ["reference"] = Reference, ["from"] = From?.ToString("yyyy-MM-dd"),
        ["to"] = To?.ToString("yyyy-MM-dd"), ["amount"] = Amount, ["after"] = after,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    IQueryable<CheckoutSession>? Filtered()
    {
        var nowUtc = Now.UtcDateTime;
        var query = db.CheckoutSessions.AsNoTracking().OwnedBy(Merchant);
        if (Status is not (null or "" or SessionStatus.Open or SessionStatus.Complete or SessionStatus.Expired))
        {
            FilterError = "Status must be open, complete or expired.";
            return null;
        }
        query = query.WithStatus(Status, nowUtc);
        if (!string.IsNullOrWhiteSpace(Email)) query = query.Where(s => s.CustomerEmail == Email.Trim());
        if (!string.IsNullOrWhiteSpace(Reference)) query = query.Where(s => s.ClientReferenceId == Reference.Trim());
        query = query.CreatedBetween(From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        if (!string.IsNullOrWhiteSpace(Amount))
        {
            // Typed as the buyer saw it ("12.50"), so it means 1250 in a two-decimal currency and 12500 in a three-decimal one.
            if (!decimal.TryParse(Amount.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major) || major > 1_000_000_000m)
            {
                FilterError = "Amount must be a number such as 12.50.";
                return null;
            }
            var (zero, two, three) = (Currency.WithExponent(0), Currency.WithExponent(2), Currency.WithExponent(3));
            long? Minor(int exponent) => major * Pow10(exponent) is var m && m == decimal.Truncate(m) ? (long)m : null;
            var (a0, a2, a3) = (Minor(0), Minor(2), Minor(3));
            query = query.Where(s => (a0 != null && zero.Contains(s.Currency) && s.AmountTotal == a0)
                || (a2 != null && two.Contains(s.Currency) && s.AmountTotal == a2)
                || (a3 != null && three.Contains(s.Currency) && s.AmountTotal == a3));
        }
        return query;
    }

    static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 2 => 100m, _ => 1000m };
}

/// <summary>CSV cells a spreadsheet will not run: a cell beginning with <c>= + - @</c> (or a tab or carriage return) gets
/// a leading apostrophe, and any cell with a comma, quote or line break is quoted.</summary>
public static class Csv
{
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
