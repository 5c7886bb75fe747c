namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>One request made with an <c>Idempotency-Key</c>: account, mode, method, normalised path, key and the SHA-256 of
/// the body. Claimed (no response yet) by the node instance running it; finalised with its response in the transaction of
/// the effect itself, so the effect and its replay commit or vanish together.</summary>
public sealed class IdempotencyRecord
{
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Key { get; init; }
    public required byte[] RequestHash { get; init; }
    /// <summary>Names one run of the request: only the run holding it may finalise or drop the claim.</summary>
    public required string ClaimToken { get; set; }
    /// <summary>The node instance running the request; a claim whose holder is gone is taken over by the next retry.</summary>
    public required string HolderInstance { get; set; }
    public DateTime ClaimedAt { get; set; }
    public int? StatusCode { get; set; }
    public byte[]? ResponseBody { get; set; }
    public DateTime CreatedAt { get; init; }
}
