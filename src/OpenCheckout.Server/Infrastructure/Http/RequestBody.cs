using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Reads a JSON request body as the contract says (section 1): no body is an empty object,
/// a body must be JSON (415 otherwise), at most the configured size (413), well-formed (400), an object.</summary>
static class RequestBody
{
    public static async Task<(JsonFields? Fields, ApiError? Error)> ReadAsync(HttpContext http, string wrapper)
    {
        var (bytes, error) = await ReadBytesAsync(http);
        if (error is not null) return (null, error);
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return (JsonFields.Empty(), null);
        if (!IsJson(http.Request.ContentType)) return (null, ApiErrors.UnsupportedContentType(http.Request.ContentType));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.MalformedJson(e.Message));
        }
        http.Response.RegisterForDispose(document);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, ApiErrors.BodyNotObject());
        if (HasLoneSurrogate(bytes)) return (null, ApiErrors.MalformedJson("A string escapes half of a UTF-16 surrogate pair (e.g. \\ud800 alone)."));
        return (JsonFields.Root(document.RootElement, wrapper), null);
    }

    /// <summary>True when an escaped string or name does not decode to valid UTF-16, such as <c>"\ud800"</c>: JSON's grammar allows
    /// it, reading it as a string throws. Bodies without <c>\u</c> skip the scan.</summary>
    static bool HasLoneSurrogate(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf("\\u"u8) < 0) return false;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 32 });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
            try
            {
                reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The raw body, read once per request and kept: the idempotency layer hashes the same bytes the endpoint parses.</summary>
    public static async Task<(byte[] Bytes, ApiError? Error)> ReadBytesAsync(HttpContext http)
    {
        if (http.Features.Get<BufferedBody>() is { } buffered) return (buffered.Bytes, null);
        var limit = http.RequestServices.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.MaxRequestBodyBytes;
        var (bytes, tooLarge) = http.Request.ContentLength > limit ? ([], true) : await ReadAllAsync(http.Request.BodyReader, limit, http.RequestAborted);
        if (tooLarge)
        {
            await DrainAsync(http.Request.BodyReader, http.RequestAborted);
            return ([], ApiErrors.BodyTooLarge(limit));
        }
        http.Features.Set(new BufferedBody(bytes));
        return (bytes, null);
    }

    sealed record BufferedBody(byte[] Bytes);

    static async Task<(byte[] Bytes, bool TooLarge)> ReadAllAsync(PipeReader reader, long limit, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.Buffer.Length > limit)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                return ([], true);
            }
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return (bytes, false);
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Reads and drops the rest of an oversized body (Kestrel stops it at <see cref="KestrelLimit"/>), so the
    /// connection can carry the 413 back: closing on unread data resets it, and the client never sees the answer.</summary>
    static async Task DrainAsync(PipeReader reader, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (BadHttpRequestException)
        {
            // Past Kestrel's own limit: the connection is closed, which is all a sender of such a body deserves.
        }
    }

    /// <summary>Kestrel's hard limit: bodies up to this size are drained after a 413; bigger ones get the connection closed.</summary>
    public static long KestrelLimit(long applicationLimit) => applicationLimit * 4;

    static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
