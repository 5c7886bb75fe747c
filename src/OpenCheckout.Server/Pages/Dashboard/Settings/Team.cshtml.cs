using Microsoft.AspNetCore.Mvc;
using OpenCheckout.Server.Features.Dashboard;

namespace OpenCheckout.Server.Pages.Dashboard.Settings;

/// <summary>The account's dashboard users (the same in both modes): add one with a generated password shown once, change a
/// role, remove a user. Owners only; a role change or removal ends that user's sign-ins (their security stamp), and the last
/// owner can be neither demoted nor removed.</summary>
public sealed class DashboardTeamModel(DashboardUsers users, TimeProvider clock) : DashboardPageModel
{
    const int EmailLength = 254;

    public IReadOnlyList<DashboardUser> Team { get; private set; } = [];
    public DateTime Now { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }
    [TempData] public string? NewPassword { get; set; }
    [TempData] public string? NewEmail { get; set; }

    public string? Email { get; private set; }
    public string Role { get; private set; } = DashboardRole.Developer;

    public async Task OnGetAsync() => await LoadAsync();

    [Performs(DashboardAction.ManageTeam)]
    public async Task<IActionResult> OnPostAddAsync(string? email, string? role)
    {
        (Email, Role) = (email, role ?? "");
        var form = new FormInput();
        var checkedEmail = form.Email(email, "Email", EmailLength, required: true);
        if (!DashboardRole.All.Contains(role)) form.Add($"Role must be one of {string.Join(", ", DashboardRole.All)}.");
        if (form.HasErrors) return await RefusedAsync(form.Errors);
        var created = await users.CreateAsync(CurrentUser.AccountId, checkedEmail!, role!, ct: HttpContext.RequestAborted);
        if (created is null) return await RefusedAsync(["A dashboard user with that email already exists."]);
        (NewEmail, NewPassword) = (created.User.Email, created.Password);
        Done = $"Added {created.User.Email} as {created.User.Role}. Give them the password below: it is not shown again.";
        return Redirect($"/dashboard/{Mode}/settings/team");
    }

    [Performs(DashboardAction.ManageTeam)]
    public async Task<IActionResult> OnPostRoleAsync(string? userId, string? role)
    {
        if (!DashboardRole.All.Contains(role)) return await RefusedAsync([$"Role must be one of {string.Join(", ", DashboardRole.All)}."], inline: true);
        var user = await FindAsync(userId);
        if (user is null) return NotFoundPage("user");
        switch (await users.ChangeRoleAsync(CurrentUser.AccountId, user.Id, role!, HttpContext.RequestAborted))
        {
            case DashboardUsers.TeamChange.NotFound: return NotFoundPage("user");
            case DashboardUsers.TeamChange.LastOwner: return await RefusedAsync([LastOwner(user, "demoted")], inline: true);
            case DashboardUsers.TeamChange.Unchanged: Done = $"{user.Email} is already {role}."; break;
            default: Done = $"{user.Email} is now {role}; their sign-ins have ended."; break;
        }
        return Redirect($"/dashboard/{Mode}/settings/team");
    }

    [Performs(DashboardAction.ManageTeam)]
    public async Task<IActionResult> OnPostRemoveAsync(string? userId)
    {
        var user = await FindAsync(userId);
        if (user is null) return NotFoundPage("user");
        switch (await users.RemoveAsync(CurrentUser.AccountId, user.Id, HttpContext.RequestAborted))
        {
            case DashboardUsers.TeamChange.NotFound: return NotFoundPage("user");
            case DashboardUsers.TeamChange.LastOwner: return await RefusedAsync([LastOwner(user, "removed")], inline: true);
        }
        if (user.Id == CurrentUser.Id) return Redirect("/dashboard/sign-in");
        Done = $"Removed {user.Email}; their sign-ins have ended.";
        return Redirect($"/dashboard/{Mode}/settings/team");
    }

    public string LockState(DashboardUser user) => user.LockedUntil > Now ? $"Locked until {user.LockedUntil:yyyy-MM-dd HH:mm} UTC" : "No";

    static string LastOwner(DashboardUser user, string what) =>
        $"{user.Email} is the account's last owner and cannot be {what}: make another user an owner first.";

    async Task<DashboardUser?> FindAsync(string? userId) =>
        userId is null ? null : (await users.TeamAsync(CurrentUser.AccountId, HttpContext.RequestAborted)).FirstOrDefault(u => u.Id == userId);

    async Task<IActionResult> RefusedAsync(IReadOnlyList<string> errors, bool inline = false)
    {
        if (inline) Error = errors[0];
        else Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    async Task LoadAsync()
    {
        ViewData["Section"] = "settings";
        ViewData["Settings"] = "team";
        Now = clock.GetUtcNow().UtcDateTime;
        Team = await users.TeamAsync(CurrentUser.AccountId, HttpContext.RequestAborted);
    }
}
