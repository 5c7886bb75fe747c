using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Events;

/// <summary>Something that happened, recorded in the same transaction as the change it describes
/// (the outbox). <see cref="Payload"/> is the exact JSON body every endpoint receives, fixed at creation,
/// so retries carry the same bytes under the same id.</summary>
public sealed class Event : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Type { get; init; }
    public required string Payload { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>The checkout session the event is about: the first session id its payload names (a session's own events, and
    /// its payment intent's, charges' and refunds' events, which carry their session's id), or null. A session's timeline
    /// seeks its events by it.</summary>
    public string? SessionId { get; init; }
    /// <summary>Set when recorded, cleared once the webhook dispatcher has made the event's deliveries (one per subscribed
    /// endpoint): the change's own transaction writes this one row, whatever the number of endpoints.</summary>
    public DateTime? FanOutDueAt { get; set; }
}
