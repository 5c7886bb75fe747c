using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OpenCheckout.Wire;

namespace OpenCheckout.Client;

/// <summary>An event, as webhooks deliver it and the events API serves it:
/// <c>{event_id, event_type, event_dt, test_mode, object: {"checkout_session": {...}}}</c>.</summary>
/// <param name="EventId">Stable across delivery retries: deduplicate on it.</param>
/// <param name="EventType">e.g. <c>checkout.session.completed</c>.</param>
/// <param name="EventDt">When it happened, unix seconds.</param>
/// <param name="TestMode">Whether a test-mode key's objects changed.</param>
/// <param name="Object">The wrapper object holding the changed object under its name.</param>
public sealed record WebhookEvent(string EventId, string EventType, long EventDt, bool TestMode, JsonElement Object)
{
    /// <summary>The same as <see cref="EventId"/>, under the name Stripe.net's objects use.</summary>
    [JsonIgnore] public string Id => EventId;

    [JsonIgnore] public DateTimeOffset Created => DateTimeOffset.FromUnixTimeSeconds(EventDt);

    /// <summary>The name the object is filed under, e.g. <c>checkout_session</c>.</summary>
    [JsonIgnore]
    public string? ObjectName => Object.ValueKind == JsonValueKind.Object ? Object.EnumerateObject().Select(p => p.Name).FirstOrDefault() : null;

    [JsonIgnore] public CheckoutSession? CheckoutSession => GetObject("checkout_session", WireJson.Default.CheckoutSession);
    [JsonIgnore] public PaymentIntent? PaymentIntent => GetObject("payment_intent", WireJson.Default.PaymentIntent);
    [JsonIgnore] public Charge? Charge => GetObject("charge", WireJson.Default.Charge);
    [JsonIgnore] public Refund? Refund => GetObject("refund", WireJson.Default.Refund);
    [JsonIgnore] public Dispute? Dispute => GetObject("dispute", WireJson.Default.Dispute);
    [JsonIgnore] public Customer? Customer => GetObject("customer", WireJson.Default.Customer);

    /// <summary>The object filed under <paramref name="name"/>, or null when this event carries another kind.</summary>
    public T? GetObject<T>(string name, JsonTypeInfo<T> typeInfo) where T : class =>
        Object.ValueKind == JsonValueKind.Object && Object.TryGetProperty(name, out var value) ? value.Deserialize(typeInfo) : null;

    /// <summary>Parses an event body without verifying it; webhooks should go through
    /// <see cref="Resources.WebhooksClient.ConstructEvent(string, Func{string, string?}, string, TimeSpan?)"/>.</summary>
    public static WebhookEvent Parse(string json) =>
        JsonSerializer.Deserialize(json, ClientJson.Default.WebhookEvent) ?? throw new JsonException("The event body is null.");
}
