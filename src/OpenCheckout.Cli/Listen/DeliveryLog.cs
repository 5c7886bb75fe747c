using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenCheckout.Cli.Listen;

/// <summary>What <c>listen</c> prints: one line per delivery or connection change, written whole under a lock and
/// flushed at once (Console.Out autoflushes), so a CI log or a test reading the pipe sees each line as it happens.
/// With <c>--json</c>, each line is a JSON object instead.</summary>
sealed class DeliveryLog(TextWriter output, bool json)
{
    readonly Lock _lock = new();

    public void Ready(string secret, string stream, string forwardTo, IReadOnlyList<string> events)
    {
        if (json)
        {
            Write(w =>
            {
                w.WriteBoolean("ready", true);
                w.WriteString("signing_secret", secret);
                w.WriteString("stream", stream);
                w.WriteString("forward_to", forwardTo);
                w.WriteStartArray("events");
                foreach (var type in events) w.WriteStringValue(type);
                w.WriteEndArray();
            });
            return;
        }
        Line($"Ready! Your webhook signing secret is {secret} (^C to quit)");
        Line($"Forwarding {(events is ["*"] ? "all events" : string.Join(", ", events))} from {stream} to {forwardTo}.");
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

    /// <summary>The stream's connection ended; listen connects again after <paramref name="retryIn"/>, resuming after the last
    /// event it forwarded.</summary>
    public void Disconnected(string reason, TimeSpan retryIn)
    {
        if (json)
        {
            Write(w =>
            {
                w.WriteString("time", Now());
                w.WriteBoolean("disconnected", true);
                w.WriteString("error", reason);
                w.WriteNumber("retry_in_ms", (long)retryIn.TotalMilliseconds);
            });
            return;
        }
        Line($"{Now()}  lost the event stream ({reason}); reconnecting in {retryIn.TotalSeconds:0} s");
    }

    public void Reconnected(string? resumedAfter)
    {
        if (json)
        {
            Write(w =>
            {
                w.WriteString("time", Now());
                w.WriteBoolean("reconnected", true);
                w.WriteString("resumed_after", resumedAfter);
            });
            return;
        }
        Line($"{Now()}  reconnected" + (resumedAfter is null ? "" : $", resuming after {resumedAfter}"));
    }

    public void Stopped()
    {
        if (!json) Line("Stopped.");
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
