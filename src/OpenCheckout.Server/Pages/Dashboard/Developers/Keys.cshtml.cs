using Microsoft.AspNetCore.Mvc;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Dashboard;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>The account's secret keys in this mode: create, roll (the old key keeps working for a chosen overlap) and
/// revoke, with when each was last used. A new key is shown once, on the page that made it.</summary>
public sealed class ApiKeysModel(AccountStore accounts, TimeProvider clock) : DashboardPageModel
{
    /// <summary>How long a rolled key may keep working, as the roll form offers it.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Overlaps = new Dictionary<string, TimeSpan>
    {
        ["now"] = TimeSpan.Zero, ["1h"] = TimeSpan.FromHours(1), ["24h"] = TimeSpan.FromHours(24), ["7d"] = TimeSpan.FromDays(7),
    };

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public DateTime Now { get; private set; }
    [TempData] public string? NewKey { get; set; }
    [TempData] public string? Done { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "developers";
        await LoadAsync();
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostCreateAsync()
    {
        NewKey = await accounts.CreateKeyAsync(CurrentUser.AccountId, TestMode, HttpContext.RequestAborted);
        Done = "Key created. Copy it now: it is not shown again.";
        return Redirect($"/dashboard/{Mode}/developers/keys");
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostRollAsync(string id, string? overlap)
    {
        if (overlap is null || !Overlaps.TryGetValue(overlap, out var period)) return await FailAsync("Choose how long the old key keeps working.");
        if (!await IsThisModesKeyAsync(id)) return NotFoundPage("API key");
        NewKey = await accounts.RollKeyAsync(CurrentUser.AccountId, id, period, HttpContext.RequestAborted);
        if (NewKey is null) return await FailAsync("That key no longer works, so it cannot be rolled.");
        Done = period == TimeSpan.Zero ? "Key rolled; the old key stopped working now." : $"Key rolled; the old key works until {(clock.GetUtcNow().UtcDateTime + period):yyyy-MM-dd HH:mm} UTC.";
        return Redirect($"/dashboard/{Mode}/developers/keys");
    }

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        if (!await IsThisModesKeyAsync(id)) return NotFoundPage("API key");
        if (!await accounts.RevokeKeyAsync(CurrentUser.AccountId, id, HttpContext.RequestAborted)) return await FailAsync("That key is already revoked.");
        Done = "Key revoked: every node refuses it now.";
        return Redirect($"/dashboard/{Mode}/developers/keys");
    }

    public string StateOf(ApiKey key) => key.RevokedAt is not null ? "revoked"
        : key.ExpiresAt is { } expires ? (expires > Now ? $"works until {expires:yyyy-MM-dd HH:mm} UTC" : "expired")
        : "active";

    public string Masked(ApiKey key) => $"{(key.TestMode ? ApiKeys.TestPrefix : ApiKeys.LivePrefix)}{key.Id}…{key.Last4}";

    async Task<bool> IsThisModesKeyAsync(string id) =>
        (await accounts.KeysAsync(CurrentUser.AccountId, TestMode, HttpContext.RequestAborted)).Any(k => k.Id == id);

    async Task<IActionResult> FailAsync(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    async Task LoadAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Keys = await accounts.KeysAsync(CurrentUser.AccountId, TestMode, HttpContext.RequestAborted);
    }
}
