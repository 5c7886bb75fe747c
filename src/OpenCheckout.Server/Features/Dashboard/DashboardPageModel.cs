using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenCheckout.Server.Infrastructure.Auth;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>A signed-in dashboard page: its user (read fresh from the database on this request), the mode its URL names
/// (<c>/dashboard/test/...</c> or <c>/dashboard/live/...</c>) and the <see cref="Merchant"/> every query is scoped by.</summary>
public abstract class DashboardPageModel : PageModel
{
    public DashboardUser CurrentUser => HttpContext.Features.Get<DashboardUser>()
        ?? throw new InvalidOperationException("A dashboard page ran without a signed-in user.");

    public bool TestMode => (RouteData.Values["mode"] as string) != "live";

    public string Mode => TestMode ? "test" : "live";

    public Merchant Merchant => new(CurrentUser.AccountId, TestMode);

    /// <summary>The same page in <paramref name="mode"/>: the mode switch's link. An object belongs to one mode, so from an
    /// object's page (a path segment that is an id, like <c>fcs_...</c>) it leads to the list the object is in.</summary>
    public string PathIn(string mode)
    {
        var segments = Request.Path.Value!.Split('/'); // "", "dashboard", mode, ...
        segments[2] = mode;
        return string.Join('/', segments.TakeWhile(segment => !segment.Contains('_')));
    }

    public bool Can(DashboardAction action) => DashboardPermissions.Allows(CurrentUser.Role, TestMode, action);

    /// <summary>A 404 a browser shows: the object is not this account's in this mode (or does not exist).</summary>
    protected IActionResult NotFoundPage(string what) => new ContentResult
    {
        StatusCode = StatusCodes.Status404NotFound,
        ContentType = "text/plain; charset=utf-8",
        Content = $"No such {what} in this account's {Mode} mode.",
    };
}

/// <summary>Names the action a page handler performs; <see cref="DashboardPermissionFilter"/> refuses it to roles the
/// table does not allow. A POST handler without it is refused, so a new action cannot be forgotten.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PerformsAttribute(DashboardAction action) : Attribute
{
    public DashboardAction Action { get; } = action;
}
