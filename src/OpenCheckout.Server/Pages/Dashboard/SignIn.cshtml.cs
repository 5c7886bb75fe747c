using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenCheckout.Server.Features.Dashboard;

namespace OpenCheckout.Server.Pages.Dashboard;

public sealed class SignInModel(DashboardUsers users, TimeProvider clock) : PageModel
{
    public string? Message { get; private set; }
    public string? Email { get; private set; }
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        (Email, ReturnUrl) = (email, returnUrl);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 320 || password.Length > 1000)
        {
            Message = "Enter your email and password.";
            return Page();
        }
        switch (await users.SignInAsync(email, password, HttpContext.RequestAborted))
        {
            case DashboardUsers.SignInResult.SignedIn signedIn:
                await DashboardSetup.SignInAsync(HttpContext, signedIn.User);
                return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/dashboard/") ? returnUrl : "/dashboard/test");
            case DashboardUsers.SignInResult.LockedOut lockedOut:
                var minutes = Math.Max(1, (int)Math.Ceiling((lockedOut.Until - clock.GetUtcNow().UtcDateTime).TotalMinutes));
                Message = $"Too many failed attempts: this user is locked for {minutes} more minute{(minutes == 1 ? "" : "s")}.";
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Message = "That email and password do not match.";
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }
}
