using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>A JSON answer rendered to bytes before it is sent: what a write returns from inside its unit of work, so
/// that an idempotent request's stored answer commits with the change it describes (contract section 9).</summary>
public sealed class ApiResponse(int status, byte[] body) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public int Status => status;
    public byte[] Body => body;

    /// <summary>Whether the answer says something was changed (and so is kept for an idempotent replay): a 2xx, or a 402
    /// (a declined payment attempt is recorded on its payment intent).</summary>
    public bool ChangedSomething => status is >= 200 and < 300 or 402;

    public static ApiResponse Json<T>(T value, JsonTypeInfo<T> info, int status = StatusCodes.Status200OK) =>
        new(status, Utf8Json.ToBytes(value, info));

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
