using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A webhook endpoint. <see cref="SigningSecret"/> is shown only when the endpoint is created or its
/// secret rotated; everywhere else it is null.</summary>
public sealed record WebhookEndpoint(
    string WebhookId,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    string? SigningSecret,
    [property: AllowedValues("enabled", "disabled")] string Status,
    string? DisabledReason,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="WebhookId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => WebhookId;
}

public sealed record WebhookEnvelope(WebhookEndpoint Webhook);

public sealed record WebhookList(IReadOnlyList<WebhookEndpoint> Webhooks, bool HasMore);

/// <summary>One delivery attempt of one event to one endpoint.</summary>
public sealed record WebhookDeliveryAttempt(
    string AttemptId,
    string DeliveryId,
    string EventId,
    string EventType,
    int Attempt,
    long AttemptedAt,
    int? StatusCode,
    long LatencyMs,
    string? Error,
    string? ResponseSnippet,
    bool Succeeded)
{
    /// <summary>The same as <see cref="AttemptId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => AttemptId;
}

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryAttempt> Deliveries, bool HasMore);
