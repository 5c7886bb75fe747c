using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Events;

/// <summary>Records events on the caller's unit of work: the event and one delivery per subscribed endpoint
/// are saved by the caller's SaveChanges, in the caller's transaction, so a change and its event commit
/// together or not at all.</summary>
public sealed class EventLog(CheckoutDb db, TimeProvider clock)
{
    /// <summary>Event ids are the events list's order: those recorded in one unit of work, often in one millisecond,
    /// must list in the order they happened (payment_intent.succeeded before checkout.session.completed).</summary>
    string? _lastId;

    /// <summary>The enabled endpoints per account and mode, read once per unit of work: a payment records up to
    /// seven events, and they would otherwise each query the same rows.</summary>
    readonly Dictionary<(string AccountId, bool TestMode), List<(string Id, List<string> Events)>> _endpoints = [];

    public async Task RecordAsync<T>(string accountId, bool testMode, string type, string objectName, T value, JsonTypeInfo<T> typeInfo,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = _lastId = ObjectId.NewAfter(ObjectId.Event, now, _lastId);
        db.Events.Add(new Event
        {
            Id = id,
            AccountId = accountId,
            TestMode = testMode,
            Type = type,
            Payload = Payload(id, type, now, testMode, objectName, value, typeInfo),
            CreatedAt = now.UtcDateTime,
        });

        foreach (var endpoint in (await EndpointsAsync(accountId, testMode, ct)).Where(e => EventTypes.Matches(e.Events, type)))
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = ObjectId.New(ObjectId.WebhookDelivery, now),
                EventId = id,
                EndpointId = endpoint.Id,
                NextAttemptAt = now.UtcDateTime,
                CreatedAt = now.UtcDateTime,
            });
        db.HasNewEvents = true;
    }

    async Task<List<(string Id, List<string> Events)>> EndpointsAsync(string accountId, bool testMode, CancellationToken ct)
    {
        if (_endpoints.TryGetValue((accountId, testMode), out var cached)) return cached;
        var endpoints = (await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.AccountId == accountId && e.TestMode == testMode && e.Status == WebhookStatus.Enabled)
                .Select(e => new { e.Id, e.Events })
                .ToListAsync(ct))
            .Select(e => (e.Id, e.Events)).ToList();
        return _endpoints[(accountId, testMode)] = endpoints;
    }

    /// <summary><c>{event_id, event_type, event_dt, test_mode, object: {"&lt;name&gt;": {...}}}</c>, as Flex sends it.</summary>
    static string Payload<T>(string id, string type, DateTimeOffset now, bool testMode, string objectName, T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
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
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
