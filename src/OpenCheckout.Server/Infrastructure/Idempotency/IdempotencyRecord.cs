namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>The answer to one request made with an <c>Idempotency-Key</c>, by account, mode, method, normalised path, key
/// and the SHA-256 of the body. Written only with its answer, in the transaction of the effect itself: the effect and its
/// replay commit or vanish together, and nothing is left behind by a run that crashed or changed nothing.</summary>
public sealed class IdempotencyRecord
{
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Key { get; init; }
    public required byte[] RequestHash { get; init; }
    public int StatusCode { get; set; }
    public byte[] ResponseBody { get; set; } = [];
    public DateTime CreatedAt { get; init; }
}
