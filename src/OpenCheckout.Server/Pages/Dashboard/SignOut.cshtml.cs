using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenCheckout.Server.Features.Dashboard;

namespace OpenCheckout.Server.Pages.Dashboard;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/dashboard");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DashboardSetup.Scheme);
        return Redirect(DashboardSetup.SignInPath);
    }
}
