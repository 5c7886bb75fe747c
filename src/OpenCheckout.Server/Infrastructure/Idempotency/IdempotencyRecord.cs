namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>One Idempotency-Key, scoped to account, mode, method and path. The primary key decides
/// which of several concurrent requests runs; the others wait for its stored response.</summary>
public sealed class IdempotencyRecord
{
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Key { get; init; }
    public required byte[] RequestHash { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? ResponseBody { get; set; }
    public DateTime CreatedAt { get; init; }
    /// <summary>While the first request runs; a crashed node's claim lapses at this time.</summary>
    public DateTime LockedUntil { get; set; }
}
