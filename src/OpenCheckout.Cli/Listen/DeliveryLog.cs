using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenCheckout.Cli.Listen;

/// <summary>What <c>listen</c> prints: one line per delivery, written whole under a lock (deliveries arrive concurrently) and
/// flushed at once (Console.Out autoflushes), so a CI log or a test reading the pipe sees each line as it happens.
/// With <c>--json</c>, each line is a JSON object instead.</summary>
sealed class DeliveryLog(TextWriter output, bool json)
{
    readonly Lock _lock = new();

    public void Ready(string secret, string webhookId, string forwardTo, IReadOnlyList<string> events)
    {
        if (json)
        {
            Write(w =>
            {
                w.WriteBoolean("ready", true);
                w.WriteString("signing_secret", secret);
                w.WriteString("webhook_id", webhookId);
                w.WriteString("forward_to", forwardTo);
                w.WriteStartArray("events");
                foreach (var type in events) w.WriteStringValue(type);
                w.WriteEndArray();
            });
            return;
        }
        Line($"Ready! Your webhook signing secret is {secret} (^C to quit)");
        Line($"Forwarding {(events is ["*"] ? "all events" : string.Join(", ", events))} to {forwardTo} through temporary webhook endpoint {webhookId}.");
    }

    /// <param name="status">The forward target's HTTP status; null when it never answered.</param>
    public void Delivered(string eventId, string? eventType, int? status, long latencyMs, string? error)
    {
        if (json)
        {
            Write(w =>
            {
                w.WriteString("time", Now());
                w.WriteString("event_id", eventId);
                w.WriteString("event_type", eventType);
                if (status is { } code) w.WriteNumber("status", code);
                else w.WriteNull("status");
                w.WriteNumber("latency_ms", latencyMs);
                w.WriteString("error", error);
            });
            return;
        }
        var outcome = status is { } s ? $"[{s}]" : "[ERR]";
        Line($"{Now()}  {eventType ?? "?"}  {eventId}  {outcome}  {latencyMs} ms" + (error is null ? "" : $"  {error}"));
    }

    /// <summary>A request to the local receiver that did not carry the server's signature: not forwarded.</summary>
    public void Rejected(string? eventId, string reason)
    {
        if (json)
        {
            Write(w =>
            {
                w.WriteString("time", Now());
                w.WriteString("event_id", eventId);
                w.WriteBoolean("rejected", true);
                w.WriteString("error", reason);
            });
            return;
        }
        Line($"{Now()}  rejected a delivery{(eventId is null ? "" : " of " + eventId)} that the server did not sign: {reason}");
    }

    public void Stopped(string webhookId, string? problem)
    {
        if (json) return;
        Line(problem is null
            ? $"Stopped. Deleted the temporary webhook endpoint {webhookId}."
            : $"Stopped. Could not delete the temporary webhook endpoint {webhookId}: {problem}");
    }

    static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    void Write(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }
        Line(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    void Line(string line)
    {
        lock (_lock) output.WriteLine(line);
    }
}
