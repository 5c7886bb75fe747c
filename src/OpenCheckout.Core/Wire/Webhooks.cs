using System.ComponentModel.DataAnnotations;

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
    bool TestMode);

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
    bool Succeeded);

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryAttempt> Deliveries, bool HasMore);
