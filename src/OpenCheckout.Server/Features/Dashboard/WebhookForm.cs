using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Auth;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>A webhook form's URL and event filter, checked by the API's own rules (<see cref="WebhookWrites"/>): each refusal
/// is one message on the form.</summary>
public static class WebhookForm
{
    public static string? Url(FormInput form, string? value, Merchant merchant, TestModeTargets testModeTargets)
    {
        var url = form.Text(value, "URL", WebhookWrites.UrlLength, required: true);
        if (url is null) return null;
        if (WebhookWrites.CheckUrl(url, merchant, testModeTargets) is not { } refused) return url;
        form.Add(refused.Message);
        return null;
    }

    /// <summary>The ticked types; "all events" wins over any type ticked with it.</summary>
    public static List<string>? Events(FormInput form, string[]? ticked)
    {
        var events = (ticked ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList();
        if (events.Contains(EventTypes.All)) events = [EventTypes.All];
        var refusals = WebhookWrites.CheckEvents(events).ToList();
        if (events.Count == 0)
        {
            form.Add("Choose the events to send: all events, or at least one type.");
            return null;
        }
        foreach (var refused in refusals) form.Add(refused.Message);
        return refusals.Count == 0 ? events : null;
    }

    /// <summary>The types a filter form offers: those the server emits, and any other the endpoint was subscribed to through
    /// the API (so saving the form does not drop them).</summary>
    public static IReadOnlyList<string> Offered(IEnumerable<string> subscribed) =>
        EventTypes.Emitted.Concat(subscribed.Where(t => t != EventTypes.All && !EventTypes.Emitted.Contains(t))).ToList();
}
