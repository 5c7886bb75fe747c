using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Where the answers to keyed requests are kept (per provider: prepared statements on SQLite, EF Core and one
/// locking insert on PostgreSQL).</summary>
interface IIdempotencyRecords
{
    /// <summary>The answers kept under <paramref name="request"/>'s key, one per body sent with it (usually none or one).</summary>
    ValueTask<List<IdempotencyRecord>> FindAsync(IdempotencyRecord request, CancellationToken ct);

    /// <summary>First in the effect's unit of work: holds the request for it until it ends, or returns false when another unit
    /// of work holds it this moment (the request is still running elsewhere).</summary>
    Task<bool> TryHoldAsync(CheckoutDb db, IdempotencyRecord request, CancellationToken ct);

    /// <summary>Inside the effect's unit of work: keeps <paramref name="answered"/>, or returns false when the key and body
    /// are taken, answered already or being run by another unit of work this moment (the caller rolls back its effect).</summary>
    Task<bool> TryAddAsync(CheckoutDb db, IdempotencyRecord answered, CancellationToken ct);
}
