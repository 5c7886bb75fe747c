using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Keyed answers on SQLite, through statements compiled once per connection: the lookup on a read connection, the
/// insert on the group commit's. Its one writer runs every unit of work alone, so a key is taken only by an answer.</summary>
sealed class SqliteIdempotencyRecords(GroupCommit commits, PreparedSqlite reads) : IIdempotencyRecords
{
    const string FindSql = """
        SELECT "RequestHash", "StatusCode", "ResponseBody", "CreatedAt" FROM "IdempotencyRecords"
        WHERE "AccountId" = @p0 AND "TestMode" = @p1 AND "Method" = @p2 AND "Path" = @p3 AND "Key" = @p4
        """;

    const string InsertSql = """
        INSERT INTO "IdempotencyRecords" ("AccountId", "TestMode", "Method", "Path", "Key", "RequestHash", "StatusCode", "ResponseBody", "CreatedAt")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8) ON CONFLICT DO NOTHING
        """;

    public ValueTask<List<IdempotencyRecord>> FindAsync(IdempotencyRecord request, CancellationToken ct)
    {
        using var read = reads.Rent();
        using var rows = read.Connection.Query(FindSql, request.AccountId, request.TestMode, request.Method, request.Path, request.Key);
        var found = new List<IdempotencyRecord>();
        while (rows.Read())
            found.Add(new IdempotencyRecord
            {
                AccountId = request.AccountId, TestMode = request.TestMode, Method = request.Method, Path = request.Path, Key = request.Key,
                RequestHash = rows.GetBytes(0).ToArray(), StatusCode = (int)rows.GetInt64(1), ResponseBody = rows.GetBytes(2).ToArray(),
                CreatedAt = rows.GetDateTime(3),
            });
        return ValueTask.FromResult(found);
    }

    public Task<bool> TryHoldAsync(CheckoutDb db, IdempotencyRecord request, CancellationToken ct) => Task.FromResult(true);

    public Task<bool> TryAddAsync(CheckoutDb db, IdempotencyRecord r, CancellationToken ct) => Task.FromResult(
        commits.Statements(db).Execute(InsertSql, r.AccountId, r.TestMode, r.Method, r.Path, r.Key, r.RequestHash, r.StatusCode, r.ResponseBody, r.CreatedAt) == 1);
}
