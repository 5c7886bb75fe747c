using Microsoft.AspNetCore.Mvc;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Processors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Pages.Dashboard.Settings;

/// <summary>The account's live processor, as the <c>processor</c> admin command manages it: connect Stripe (keys typed once,
/// stored encrypted, never shown again), check the connection, disconnect. Owners only; the same in both modes, since only
/// live mode uses it.</summary>
public sealed class DashboardProcessorModel(ProcessorDirectory directory, ProcessorSettings settings, PublicUrls urls) : DashboardPageModel
{
    /// <summary>Where Stripe sends this account's notices: the URL to give Stripe's webhook endpoint.</summary>
    public string WebhookUrl => StripeWebhooks.UrlFor(urls, CurrentUser.AccountId);

    public AccountProcessor? Configured { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? PublishableKey { get; private set; }
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    [Performs(DashboardAction.ManageProcessor)]
    public async Task<IActionResult> OnPostConnectAsync(string? secretKey, string? publishableKey, string? webhookSecret)
    {
        PublishableKey = publishableKey;
        var keys = new ProcessorSettings.Keys(secretKey?.Trim() ?? "", publishableKey?.Trim() ?? "",
            string.IsNullOrWhiteSpace(webhookSecret) ? null : webhookSecret.Trim());
        if ((string.IsNullOrEmpty(keys.SecretKey) ? "Enter the Stripe secret key." : ProcessorSettings.Problem(keys)) is { } problem)
        {
            Errors = [problem];
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!await settings.SetStripeAsync(CurrentUser.AccountId, keys, HttpContext.RequestAborted)) return NotFoundPage("account");
        Done = $"Connected to Stripe (secret key …{keys.SecretKey[^4..]}). Check the connection to make sure the key works.";
        return Redirect($"/dashboard/{Mode}/settings/processor");
    }

    [Performs(DashboardAction.ManageProcessor)]
    public async Task<IActionResult> OnPostCheckAsync()
    {
        var processor = await directory.ForAsync(CurrentUser.AccountId, testMode: false, HttpContext.RequestAborted);
        try
        {
            Done = processor is null ? "No live processor to check." : await processor.CheckAsync(HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is ProcessorRefusedException or ProcessorUnavailableException)
        {
            Done = $"The check failed: {e.Message}";
        }
        return Redirect($"/dashboard/{Mode}/settings/processor");
    }

    [Performs(DashboardAction.ManageProcessor)]
    public async Task<IActionResult> OnPostDisconnectAsync()
    {
        await settings.RemoveAsync(CurrentUser.AccountId, HttpContext.RequestAborted);
        Done = "Disconnected: new live sessions are refused until a processor is connected again.";
        return Redirect($"/dashboard/{Mode}/settings/processor");
    }

    async Task LoadAsync()
    {
        ViewData["Section"] = "settings";
        ViewData["Settings"] = "processor";
        Configured = await directory.FindAsync(CurrentUser.AccountId, HttpContext.RequestAborted);
    }
}
