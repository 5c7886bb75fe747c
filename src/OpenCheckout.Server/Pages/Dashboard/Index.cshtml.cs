using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenCheckout.Server.Pages.Dashboard;

/// <summary><c>/dashboard</c>: test mode's Home first, where a new account's data is.</summary>
public sealed class DashboardIndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/dashboard/test");
}
