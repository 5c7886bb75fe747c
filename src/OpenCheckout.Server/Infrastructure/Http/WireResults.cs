using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>JSON responses written with the source generator's fast path. <c>Results.Json</c> serialises
/// asynchronously, and System.Text.Json gives up the fast path for good once a payload outgrows its flush
/// threshold (a page of ten sessions does), falling back to the slower metadata converters. Responses here are
/// small enough to build in the response pipe's memory and flush once.</summary>
static class WireResults
{
    /// <summary>A list page is never larger than this (contract section 6): objects past it are left for the next page.</summary>
    public const int MaxPageBytes = 4 * 1024 * 1024;

    public static IResult Json<T>(T value, JsonTypeInfo<T> info, int statusCode = StatusCodes.Status200OK) => new JsonBody<T>(value, info, statusCode);

    /// <summary>A list page of at most <see cref="MaxPageBytes"/>: when <paramref name="items"/> would make more, the page
    /// ends earlier (never before its first object) and says <c>has_more</c>, so paging with <c>starting_after</c> goes on
    /// where it ended.</summary>
    public static IResult Page<TList, TItem>(List<TItem> items, bool hasMore, Func<List<TItem>, bool, TList> page, JsonTypeInfo<TList> info) =>
        new PageBody<TList, TItem>(items, hasMore, page, info);

    sealed class JsonBody<T>(T value, JsonTypeInfo<T> info, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = statusCode;
            http.Response.ContentType = "application/json; charset=utf-8";
            Write(http.Response.BodyWriter);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }

        void Write(System.IO.Pipelines.PipeWriter body)
        {
            using var writer = new Utf8JsonWriter(body, Utf8Json.WriterOptions);
            JsonSerializer.Serialize(writer, value, info);
        }
    }

    sealed class PageBody<TList, TItem>(List<TItem> items, bool hasMore, Func<List<TItem>, bool, TList> page, JsonTypeInfo<TList> info) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            var body = http.Response.BodyWriter;
            var count = items.Count;
            var size = WriteIfFits(body, page(items, hasMore));
            // Too large (rare: pages of objects near their own size limits): fewer objects, in proportion, until it fits.
            while (size > MaxPageBytes && count > 1)
            {
                count = Math.Max(1, (int)(count * (MaxPageBytes / (double)size)) - 1);
                size = WriteIfFits(body, page(items.GetRange(0, count), true));
            }
            if (size > MaxPageBytes) WriteIfFits(body, page(items.GetRange(0, 1), true), force: true);
            await body.FlushAsync(http.RequestAborted);
        }

        /// <summary>The page's size; written to <paramref name="body"/> only when it fits (or <paramref name="force"/>).</summary>
        int WriteIfFits(System.IO.Pipelines.PipeWriter body, TList value, bool force = false) =>
            Utf8Json.Write(writer => JsonSerializer.Serialize(writer, value, info), bytes =>
            {
                if (bytes.Length <= MaxPageBytes || force) body.Write(bytes);
                return bytes.Length;
            });
    }
}
