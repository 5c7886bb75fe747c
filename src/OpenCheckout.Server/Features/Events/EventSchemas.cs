using OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Events;

// The shapes of the events API's answers, for the OpenAPI document only: the API serves each event's stored payload
// (EventLog.Payload) as it was recorded.

/// <summary>An event, as the events API serves it and webhooks deliver it.</summary>
/// <param name="EventId">Stable across delivery retries: deduplicate on it.</param>
/// <param name="EventType">e.g. <c>checkout.session.completed</c>.</param>
/// <param name="EventDt">When it happened, unix seconds.</param>
/// <param name="Object">The changed object, under its name; exactly one property is present.</param>
sealed record EventPayload(string EventId, string EventType, long EventDt, bool TestMode, EventObject Object);

sealed record EventObject(
    Wire.CheckoutSession? CheckoutSession = null,
    Wire.PaymentIntent? PaymentIntent = null,
    Charge? Charge = null,
    Wire.Refund? Refund = null,
    Wire.Dispute? Dispute = null,
    Customer? Customer = null);

sealed record EventEnvelope(EventPayload Event);

sealed record EventList(IReadOnlyList<EventPayload> Events, bool HasMore);
