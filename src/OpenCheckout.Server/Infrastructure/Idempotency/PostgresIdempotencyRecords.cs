using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Keyed answers on PostgreSQL. The insert first takes a transaction-scoped advisory lock named after the key and
/// body, without waiting: while another node's unit of work holds it, that request is still running (409); once it has
/// committed, its row stands in the way (a replay). The lock ends with its transaction, so a run whose node died holds
/// nothing: its connection is gone, and with it the transaction and the lock.</summary>
sealed class PostgresIdempotencyRecords(CheckoutDb reads) : IIdempotencyRecords
{
    public async ValueTask<List<IdempotencyRecord>> FindAsync(IdempotencyRecord r, CancellationToken ct) =>
        await reads.IdempotencyRecords.AsNoTracking()
            .Where(x => x.AccountId == r.AccountId && x.TestMode == r.TestMode && x.Method == r.Method && x.Path == r.Path && x.Key == r.Key)
            .ToListAsync(ct);

    public async Task<bool> TryAddAsync(CheckoutDb db, IdempotencyRecord r, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "IdempotencyRecords" ("AccountId", "TestMode", "Method", "Path", "Key", "RequestHash", "StatusCode", "ResponseBody", "CreatedAt")
            SELECT {r.AccountId}, {r.TestMode}, {r.Method}, {r.Path}, {r.Key}, {r.RequestHash}, {r.StatusCode}, {r.ResponseBody}, {r.CreatedAt}
            WHERE pg_try_advisory_xact_lock({LockId(r)})
            ON CONFLICT DO NOTHING
            """, ct) == 1;

    static long LockId(IdempotencyRecord r) => BitConverter.ToInt64(SHA256.HashData(
        Encoding.UTF8.GetBytes($"idempotency\n{r.AccountId}\n{r.TestMode}\n{r.Method}\n{r.Path}\n{r.Key}\n{Convert.ToHexString(r.RequestHash)}")));
}
