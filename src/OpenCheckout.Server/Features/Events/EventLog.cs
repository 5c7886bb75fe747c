using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenCheckout.Ids;
using OpenCheckout.Server.Infrastructure;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Events;

/// <summary>Records events in the caller's unit of work (the outbox): an event commits with the change it describes, or
/// not at all. The webhook dispatcher makes each event's deliveries afterwards, from the events still marked <c>FanOutDueAt</c>.</summary>
public sealed class EventLog(TimeProvider clock)
{
    readonly Lock _order = new();
    string? _lastId;

    public void Record<T>(CheckoutDb db, string accountId, bool testMode, string type, string objectName, T value, JsonTypeInfo<T> typeInfo) =>
        db.Events.Add(New(accountId, testMode, type, objectName, value, typeInfo, fanOut: true));

    /// <summary>Records an event that is fanned out to no endpoint: the caller adds its deliveries (a test event, sent to one
    /// endpoint).</summary>
    public Event RecordWithoutFanOut<T>(CheckoutDb db, string accountId, bool testMode, string type, string objectName, T value, JsonTypeInfo<T> typeInfo)
    {
        var ev = New(accountId, testMode, type, objectName, value, typeInfo, fanOut: false);
        db.Events.Add(ev);
        return ev;
    }

    Event New<T>(string accountId, bool testMode, string type, string objectName, T value, JsonTypeInfo<T> typeInfo, bool fanOut)
    {
        var now = clock.GetUtcNow();
        var id = NextId(now);
        var payload = Payload(id, type, now, testMode, objectName, value, typeInfo);
        return new Event
        {
            Id = id,
            AccountId = accountId,
            TestMode = testMode,
            Type = type,
            Payload = payload,
            CreatedAt = now.UtcDateTime,
            SessionId = SessionIdIn(payload),
            FanOutDueAt = fanOut ? now.UtcDateTime : null,
        };
    }

    /// <summary>The first quoted session id in <paramref name="payload"/> (<c>"fcs_…"</c>), or null. The same rule as the
    /// migration that filled the column for events recorded before it.</summary>
    public static string? SessionIdIn(string payload)
    {
        var at = payload.IndexOf(QuotedSessionPrefix, StringComparison.Ordinal);
        if (at < 0) return null;
        var (start, end) = (at + 1, at + 1 + ObjectId.Session.Length + ObjectId.UlidLength);
        if (end >= payload.Length || payload[end] != '"') return null;
        var id = payload[start..end];
        return ObjectId.HasShape(id, ObjectId.Session) ? id : null;
    }

    static readonly string QuotedSessionPrefix = "\"" + ObjectId.Session;

    /// <summary>Event ids are the events list's order: those recorded by one node, often in one millisecond, list in the
    /// order they were recorded (payment_intent.succeeded before checkout.session.completed).</summary>
    string NextId(DateTimeOffset now)
    {
        lock (_order) return _lastId = ObjectId.NewAfter(ObjectId.Event, now, _lastId);
    }

    /// <summary><c>{event_id, event_type, event_dt, test_mode, object: {"&lt;name&gt;": {...}}}</c>, as Flex sends it.</summary>
    static string Payload<T>(string id, string type, DateTimeOffset now, bool testMode, string objectName, T value, JsonTypeInfo<T> typeInfo) =>
        Utf8Json.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", id);
            writer.WriteString("event_type", type);
            writer.WriteNumber("event_dt", now.ToUnixTimeSeconds());
            writer.WriteBoolean("test_mode", testMode);
            writer.WriteStartObject("object");
            writer.WritePropertyName(objectName);
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }, static bytes => System.Text.Encoding.UTF8.GetString(bytes));
}
