using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>The account's events in this mode, newest first, paged by cursor (the last id shown), filtered by type as the
/// API's list is (an unknown type is refused rather than read as "none happened").</summary>
public sealed class DashboardEventsModel(CheckoutDb db) : DashboardPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public IReadOnlyList<EventRow> Events { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public string? FilterError { get; private set; }

    /// <summary>The types the filter offers: every documented one, and the dashboard's test event.</summary>
    public static IReadOnlyList<string> Types { get; } = EventTypes.Emitted.Append(EventTypes.Test)
        .Concat(EventTypes.Known.Where(t => !EventTypes.Emitted.Contains(t)).Order()).ToList();

    public sealed record EventRow(string Id, string Type, DateTime CreatedAt);

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "developers";
        ViewData["Developers"] = "events";
        var type = string.IsNullOrWhiteSpace(Type) ? null : Type.Trim();
        if (type is not null && !EventTypes.Listable(type))
        {
            FilterError = $"Unknown event type '{type}'.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var query = db.Events.AsNoTracking().OwnedBy(Merchant);
        if (type is not null) query = query.Where(e => e.Type == type);
        if (After is not null) query = query.Where(e => string.Compare(e.Id, After) < 0);
        var page = await query.OrderByDescending(e => e.Id).Take(PageSize + 1)
            .Select(e => new EventRow(e.Id, e.Type, e.CreatedAt)).ToListAsync(HttpContext.RequestAborted);
        Events = page.Take(PageSize).ToList();
        NextAfter = page.Count > PageSize ? Events[^1].Id : null;
    }

    public string QueryWith(string? after)
    {
        var query = new QueryBuilder();
        if (!string.IsNullOrWhiteSpace(Type)) query.Add("type", Type);
        if (after is not null) query.Add("after", after);
        var text = query.ToQueryString().ToString();
        return text.Length == 0 ? "?" : text;
    }
}
