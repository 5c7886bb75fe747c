using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>JSON responses written with the source generator's fast path. <c>Results.Json</c> serialises
/// asynchronously, and System.Text.Json gives up the fast path for good once a payload outgrows its flush
/// threshold (a page of ten sessions does), falling back to the slower metadata converters. Responses here are
/// small enough to build in the response pipe's memory and flush once.</summary>
static class WireResults
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> info, int statusCode = StatusCodes.Status200OK) => new JsonBody<T>(value, info, statusCode);

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
            using var writer = new Utf8JsonWriter(body);
            JsonSerializer.Serialize(writer, value, info);
        }
    }
}
