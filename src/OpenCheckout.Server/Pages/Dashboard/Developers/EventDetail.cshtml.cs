using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using OpenCheckout.Server.Features.Dashboard;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Pages.Dashboard.Developers;

/// <summary>One event: its payload pretty-printed (the stored bytes every endpoint received, indented for reading) and,
/// per endpoint, its delivery's state and every attempt.</summary>
public sealed class DashboardEventDetailModel(CheckoutDb db) : DashboardPageModel
{
    static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Event Event { get; private set; } = null!;
    public string PrettyPayload { get; private set; } = "";
    public IReadOnlyList<EndpointDeliveries> Deliveries { get; private set; } = [];

    public sealed record EndpointDeliveries(string EndpointId, string Url, WebhookDelivery Delivery, IReadOnlyList<WebhookAttempt> Attempts);

    public async Task<IActionResult> OnGetAsync(string id)
    {
        ViewData["Section"] = "developers";
        ViewData["Developers"] = "events";
        var ct = HttpContext.RequestAborted;
        var ev = await db.Events.AsNoTracking().OwnedBy(Merchant).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (ev is null) return NotFoundPage("event");
        Event = ev;
        PrettyPayload = Pretty(ev.Payload);
        var deliveries = await (
            from d in db.WebhookDeliveries.AsNoTracking()
            where d.EventId == id
            join endpoint in db.WebhookEndpoints.AsNoTracking().OwnedBy(Merchant) on d.EndpointId equals endpoint.Id
            orderby d.Id
            select new { Delivery = d, endpoint.Url }).ToListAsync(ct);
        var attempts = (await db.WebhookAttempts.AsNoTracking().OwnedBy(Merchant).Where(a => a.EventId == id).ToListAsync(ct))
            .OrderByDescending(a => a.Id).ToLookup(a => a.DeliveryId);
        Deliveries = deliveries.Select(d => new EndpointDeliveries(d.Delivery.EndpointId, d.Url, d.Delivery, attempts[d.Delivery.Id].ToList())).ToList();
        return Page();
    }

    static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented)) document.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
