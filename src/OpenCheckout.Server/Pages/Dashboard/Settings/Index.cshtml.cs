using Microsoft.AspNetCore.Mvc;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Dashboard;

namespace OpenCheckout.Server.Pages.Dashboard.Settings;

/// <summary>The account's public look, the same in both modes: name, support email and brand colour (one form), and the
/// logo (PNG, JPEG or WebP by its bytes, at most 512 KB, never SVG). Refused input shows why, answers 400 and changes nothing.</summary>
public sealed class DashboardSettingsModel(AccountSettings settings) : DashboardPageModel
{
    public Account Account { get; private set; } = null!;
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyList<string> LogoErrors { get; private set; } = [];
    [TempData] public string? Done { get; set; }

    public string? Name { get; private set; }
    public string? SupportEmail { get; private set; }
    public string? BrandColor { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFoundPage("account");
        (Name, SupportEmail, BrandColor) = (Account.Name, Account.SupportEmail, Account.BrandColor);
        return Page();
    }

    [Performs(DashboardAction.EditSettings)]
    public async Task<IActionResult> OnPostDetailsAsync(string? name, string? supportEmail, string? brandColor)
    {
        (Name, SupportEmail, BrandColor) = (name, supportEmail, brandColor);
        var form = new FormInput();
        var checkedName = form.Text(name, "Public name", Brand.NameLength, required: true);
        var checkedEmail = form.Email(supportEmail, "Support email", Brand.SupportEmailLength);
        // Exactly as typed (no trimming): the colour goes into a stylesheet, so only #rrggbb itself passes.
        var color = string.IsNullOrEmpty(brandColor) ? null : brandColor;
        if (color is not null && !Brand.IsColor(color))
            form.Add("Brand colour must be # and six hexadecimal digits, such as #3b5bdb (or empty for the default).");
        if (form.HasErrors)
        {
            Errors = form.Errors;
            return await RefusedAsync();
        }
        if (!await settings.SaveAsync(CurrentUser.AccountId, checkedName!, checkedEmail, color, HttpContext.RequestAborted)) return NotFoundPage("account");
        Done = "Saved. New and reloaded checkout pages show it.";
        return Redirect($"/dashboard/{Mode}/settings");
    }

    [Performs(DashboardAction.EditSettings)]
    public async Task<IActionResult> OnPostLogoAsync(IFormFile? logo)
    {
        var refusal = logo is null || logo.Length == 0 ? "Choose an image file to upload."
            : logo.Length > Brand.MaxLogoBytes ? $"The logo must be at most {Brand.MaxLogoBytes / 1024} KB; this file is {(logo.Length + 1023) / 1024} KB."
            : null;
        byte[] data = [];
        string? contentType = null;
        if (refusal is null)
        {
            using var buffer = new MemoryStream((int)logo!.Length);
            await logo.CopyToAsync(buffer, HttpContext.RequestAborted);
            data = buffer.ToArray();
            contentType = Brand.SniffImage(data);
            if (contentType is null)
                refusal = "The logo must be a PNG, JPEG or WebP image (judged by its contents, not its name). SVG is not accepted.";
        }
        if (refusal is not null)
        {
            LogoErrors = [refusal];
            return await RefusedAsync(keepForm: false);
        }
        await settings.SetLogoAsync(CurrentUser.AccountId, data, contentType!, HttpContext.RequestAborted);
        Done = "Logo uploaded.";
        return Redirect($"/dashboard/{Mode}/settings");
    }

    [Performs(DashboardAction.EditSettings)]
    public async Task<IActionResult> OnPostRemoveLogoAsync()
    {
        await settings.RemoveLogoAsync(CurrentUser.AccountId, HttpContext.RequestAborted);
        Done = "Logo removed.";
        return Redirect($"/dashboard/{Mode}/settings");
    }

    async Task<IActionResult> RefusedAsync(bool keepForm = true)
    {
        if (!await LoadAsync()) return NotFoundPage("account");
        if (!keepForm) (Name, SupportEmail, BrandColor) = (Account.Name, Account.SupportEmail, Account.BrandColor);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    async Task<bool> LoadAsync()
    {
        ViewData["Section"] = "settings";
        ViewData["Settings"] = "settings";
        var account = await settings.FindAsync(CurrentUser.AccountId, HttpContext.RequestAborted);
        if (account is null) return false;
        Account = account;
        return true;
    }
}
