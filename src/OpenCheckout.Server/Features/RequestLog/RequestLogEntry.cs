using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.RequestLog;

/// <summary>One API request as the dashboard's request log shows it: never a query string, a header or a body. The id is a
/// ULID of the request's start time, so id order is time order (newest first by id, across nodes) and retention deletes by
/// id range.</summary>
public sealed class RequestLogEntry : IOwnedObject
{
    public const string IdPrefix = "flog_";
    public const int MethodLength = 16;
    public const int PathLength = 300;
    public const int RequestIdLength = 40;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public DateTime At { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public int Status { get; init; }
    public string? RequestId { get; init; }
    public int LatencyMs { get; init; }
}
