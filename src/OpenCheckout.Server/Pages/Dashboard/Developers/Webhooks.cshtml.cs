using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>The account's webhook endpoints in this mode, and a new one: a URL and the event types it receives (or all),
/// checked and added by the API's <see cref="WebhookWrites"/> (the private-network guard, known types, the endpoint limit).
/// The new endpoint's page shows its signing secret once.</summary>
public sealed class DashboardWebhooksModel(CheckoutDb db, IUnitOfWork writes, TimeProvider clock, IOptions<OpenCheckoutOptions> options)
    : DashboardPageModel
{
    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>What the form shows: empty, or what was typed when it was refused.</summary>
    public string? EndpointUrl { get; private set; }
    public string? Description { get; private set; }
    public IReadOnlyList<string> Events { get; private set; } = [EventTypes.All];

    public async Task OnGetAsync() => await LoadAsync();

    [Performs(DashboardAction.ManageDevelopers)]
    public async Task<IActionResult> OnPostCreateAsync(string? url, string? description, string[]? events)
    {
        (EndpointUrl, Description, Events) = (url, description, events ?? []);
        var form = new FormInput();
        var checkedUrl = WebhookForm.Url(form, url, Merchant, options.Value.Webhooks.TestModeTargets);
        var checkedDescription = form.Text(description, "Description", WebhookWrites.DescriptionLength);
        var checkedEvents = WebhookForm.Events(form, events);
        if (form.HasErrors) return await RefusedAsync(form.Errors);

        var endpoint = WebhookWrites.NewEndpoint(Merchant, checkedUrl!, checkedEvents!, checkedDescription, null, clock.GetUtcNow());
        var merchant = Merchant;
        var max = options.Value.Webhooks.MaxEndpointsPerAccount;
        var refused = await writes.RunAsync((db, ct) => WebhookWrites.AddEndpointAsync(db, merchant, endpoint, max, ct), HttpContext.RequestAborted);
        if (refused is not null) return await RefusedAsync([refused.Message]);
        TempData[DashboardWebhookDetailModel.NewSecretKey] = endpoint.Secret;
        TempData["Done"] = "Endpoint added. Copy its signing secret now: it is not shown again.";
        return Redirect($"/dashboard/{Mode}/developers/webhooks/{endpoint.Id}");
    }

    async Task<IActionResult> RefusedAsync(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    async Task LoadAsync()
    {
        ViewData["Section"] = "developers";
        Endpoints = await db.WebhookEndpoints.AsNoTracking().OwnedBy(Merchant).OrderByDescending(e => e.Id).ToListAsync(HttpContext.RequestAborted);
    }
}
