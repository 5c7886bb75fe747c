using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Postgres;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Keyed answers on PostgreSQL, through statements Npgsql prepares on each connection. A unit of work holds its
/// request by a transaction-scoped advisory lock named after the key and body, taken without waiting as its first statement
/// (Npgsql sends it with the <c>BEGIN</c>) and again by the insert (for writes that record their answer without holding
/// first; the lock is reentrant): while another node's unit of work holds it, that request is still running (409); once
/// it has committed, its row stands in the way (a replay). The lock ends with its transaction, so a run whose node died
/// holds nothing: its connection is gone, and with it the transaction and the lock.</summary>
sealed class PostgresIdempotencyRecords(NpgsqlDataSource database) : IIdempotencyRecords
{
    const string FindSql = """
        SELECT "RequestHash", "StatusCode", "ResponseBody", "CreatedAt" FROM "IdempotencyRecords"
        WHERE "AccountId" = $1 AND "TestMode" = $2 AND "Method" = $3 AND "Path" = $4 AND "Key" = $5
        """;

    const string InsertSql = """
        INSERT INTO "IdempotencyRecords" ("AccountId", "TestMode", "Method", "Path", "Key", "RequestHash", "StatusCode", "ResponseBody", "CreatedAt")
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE pg_try_advisory_xact_lock($10)
        ON CONFLICT DO NOTHING
        """;

    public async ValueTask<List<IdempotencyRecord>> FindAsync(IdempotencyRecord r, CancellationToken ct)
    {
        await using var find = database.CreateCommand(FindSql);
        AddKey(find, r);
        await using var rows = await find.ExecuteReaderAsync(ct);
        var found = new List<IdempotencyRecord>();
        while (await rows.ReadAsync(ct))
            found.Add(new IdempotencyRecord
            {
                AccountId = r.AccountId, TestMode = r.TestMode, Method = r.Method, Path = r.Path, Key = r.Key,
                RequestHash = rows.GetFieldValue<byte[]>(0), StatusCode = rows.GetInt32(1), ResponseBody = rows.GetFieldValue<byte[]>(2),
                CreatedAt = rows.GetDateTime(3),
            });
        return found;
    }

    public async Task<bool> TryHoldAsync(CheckoutDb db, IdempotencyRecord r, CancellationToken ct)
    {
        await using var hold = db.Command("SELECT pg_try_advisory_xact_lock($1)");
        hold.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockId(r) });
        return (bool)(await hold.ExecuteScalarAsync(ct))!;
    }

    public async Task<bool> TryAddAsync(CheckoutDb db, IdempotencyRecord r, CancellationToken ct)
    {
        await using var insert = db.Command(InsertSql);
        AddKey(insert, r);
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = r.RequestHash });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = r.StatusCode });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = r.ResponseBody });
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc) });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockId(r) });
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    static void AddKey(NpgsqlCommand command, IdempotencyRecord r)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = r.AccountId });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = r.TestMode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = r.Method });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = r.Path });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = r.Key });
    }

    static long LockId(IdempotencyRecord r) => BitConverter.ToInt64(SHA256.HashData(
        Encoding.UTF8.GetBytes($"idempotency\n{r.AccountId}\n{r.TestMode}\n{r.Method}\n{r.Path}\n{r.Key}\n{Convert.ToHexString(r.RequestHash)}")));
}
