using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.RequestLog;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>The account's recent API requests in this mode, newest first, 50 a page by cursor: filtered by status class,
/// method, a part of the path and a request id. Rows are written in batches, so the last second or so may not show yet.</summary>
public sealed class DashboardRequestLogModel(CheckoutDb db) : DashboardPageModel
{
    public const int PageSize = 50;
    public static readonly string[] StatusClasses = ["2xx", "4xx", "5xx"];
    public static readonly string[] Methods = ["GET", "POST", "PATCH", "DELETE"];

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Method { get; set; }
    [BindProperty(SupportsGet = true)] public string? Path { get; set; }
    [BindProperty(SupportsGet = true, Name = "request_id")] public string? RequestId { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<RequestLogEntry> Rows { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "developers";
        var query = db.RequestLog.AsNoTracking().OwnedBy(Merchant);
        if (StatusClasses.Contains(Status))
        {
            var from = (Status![0] - '0') * 100;
            query = query.Where(r => r.Status >= from && r.Status < from + 100);
        }
        else Status = null;
        if (Methods.Contains(Method)) query = query.Where(r => r.Method == Method);
        else Method = null;
        Path = string.IsNullOrWhiteSpace(Path) ? null : Path.Trim()[..Math.Min(Path.Trim().Length, RequestLogEntry.PathLength)];
        if (Path is not null) query = query.Where(r => r.Path.Contains(Path));
        RequestId = string.IsNullOrWhiteSpace(RequestId) ? null : RequestId.Trim();
        if (RequestId is not null) query = query.Where(r => r.RequestId == RequestId);
        if (!string.IsNullOrEmpty(After)) query = query.Where(r => string.Compare(r.Id, After) < 0);
        var page = await query.OrderByDescending(r => r.Id).Take(PageSize + 1).ToListAsync(HttpContext.RequestAborted);
        Rows = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Rows[^1].Id : null;
    }

    /// <summary>This page's filters in a query string, with <c>after</c> replaced.</summary>
    public string QueryWith(string? after) => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status, ["method"] = Method, ["path"] = Path, ["request_id"] = RequestId, ["after"] = after,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString() is { Length: > 0 } query ? query : "?";

    public static string StatusClass(int status) => status switch { < 300 => "ok", < 500 => "client-error", _ => "server-error" };
}
