using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>Where a merchant receives events. The signing secret must be readable to sign, so unlike API
/// keys it is stored as is; during a rotation the previous secret also signs until it lapses.</summary>
public sealed class WebhookEndpoint : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Url { get; set; }
    public List<string> Events { get; set; } = [];
    public string? Description { get; set; }
    public required string Secret { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    public string Status { get; set; } = WebhookStatus.Enabled;
    public string? DisabledReason { get; set; }
    /// <summary>When deliveries to it started failing without a success since; three days of that disables it.</summary>
    public DateTime? FailingSince { get; set; }
    public DateTime CreatedAt { get; init; }

    public IEnumerable<string> SigningSecrets(DateTime now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}

public static class WebhookStatus
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";
}

/// <summary>One event on its way to one endpoint: pending until a 2xx, retried on the contract's schedule.</summary>
public sealed class WebhookDelivery
{
    public required string Id { get; init; }
    public required string EventId { get; init; }
    public required string EndpointId { get; init; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>A dispatcher's claim: another node leaves the delivery alone until this time, or until the node instance
    /// that holds it (<see cref="LockedBy"/>) is found gone, whichever comes first.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LockToken { get; set; }
    public string? LockedBy { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DeliveredAt { get; set; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>One HTTP attempt, kept for the deliveries list: what a merchant needs to debug a receiver.</summary>
public sealed class WebhookAttempt : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string EndpointId { get; init; }
    public required string DeliveryId { get; init; }
    public required string EventId { get; init; }
    public required string EventType { get; init; }
    public int AttemptNumber { get; init; }
    public DateTime AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public long LatencyMs { get; init; }
    public string? Error { get; init; }
    public string? ResponseSnippet { get; init; }
    public bool Succeeded { get; init; }
}
