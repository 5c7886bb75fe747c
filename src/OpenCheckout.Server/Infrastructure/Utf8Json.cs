using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenCheckout.Server.Infrastructure;

/// <summary>How the server writes JSON, to the wire and to JSON columns: text as UTF-8, not <c>\uXXXX</c> escapes, which took
/// six bytes for a character of three (a session of CJK text was stored and answered at twice its size). Escaped are only
/// what JSON requires (quotes, backslashes, control characters) and characters outside the Basic Multilingual Plane, which
/// System.Text.Json's encoders always escape. Nothing here is written into HTML, which is what the default encoder guards.</summary>
static class Utf8Json
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One buffer and writer per thread, reused: this runs for every answer and every JSON column written (no closure either).
    [ThreadStatic] static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] static Utf8JsonWriter? t_writer;
    const int KeepBufferUpTo = 64 * 1024;

    public static byte[] ToBytes<T>(T value, JsonTypeInfo<T> info)
    {
        var (buffer, writer) = Rent();
        JsonSerializer.Serialize(writer, value, info);
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        Return(buffer, writer);
        return bytes;
    }

    public static string ToText<T>(T value, JsonTypeInfo<T> info)
    {
        var (buffer, writer) = Rent();
        JsonSerializer.Serialize(writer, value, info);
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Return(buffer, writer);
        return text;
    }

    /// <summary>Writes with <paramref name="write"/> into a reused buffer, and returns what <paramref name="result"/> makes of the bytes.</summary>
    public static TResult Write<TResult>(Action<Utf8JsonWriter> write, Func<ReadOnlySpan<byte>, TResult> result)
    {
        var (buffer, writer) = Rent();
        write(writer);
        writer.Flush();
        var made = result(buffer.WrittenSpan);
        Return(buffer, writer);
        return made;
    }

    static (ArrayBufferWriter<byte>, Utf8JsonWriter) Rent()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        var writer = t_writer;
        (t_buffer, t_writer) = (null, null);
        buffer.ResetWrittenCount();
        if (writer is null) writer = new Utf8JsonWriter(buffer, WriterOptions);
        else writer.Reset(buffer);
        return (buffer, writer);
    }

    /// <summary>A buffer that grew past <see cref="KeepBufferUpTo"/> (a large list page) is let go rather than kept per thread.</summary>
    static void Return(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        if (buffer.Capacity <= KeepBufferUpTo) (t_buffer, t_writer) = (buffer, writer);
    }
}
