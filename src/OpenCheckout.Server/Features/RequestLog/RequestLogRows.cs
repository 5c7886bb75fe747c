using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Features.RequestLog;

/// <summary>Adds the request log's rows to a unit of work.</summary>
public interface IRequestLogRows
{
    void Add(CheckoutDb db, IReadOnlyList<RequestLogEntry> rows);
}

/// <summary>On SQLite, an insert compiled once on the group commit's connection, run for each row: the log is written in the
/// one writer every API write waits for, and EF Core's change tracking of thousands of rows a second took that writer's time
/// (docs/performance.md, "Request log on and off").</summary>
sealed class SqliteRequestLogRows(GroupCommit commits) : IRequestLogRows
{
    const string InsertSql = """
        INSERT INTO "RequestLog" ("Id", "AccountId", "TestMode", "At", "Method", "Path", "Status", "RequestId", "LatencyMs")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)
        """;

    public void Add(CheckoutDb db, IReadOnlyList<RequestLogEntry> rows)
    {
        var statements = commits.Statements(db);
        foreach (var r in rows)
            statements.Execute(InsertSql, r.Id, r.AccountId, r.TestMode, r.At, r.Method, r.Path, r.Status, r.RequestId, r.LatencyMs);
    }
}

/// <summary>On PostgreSQL, through EF Core: its batched insert on the node's own connection.</summary>
sealed class PostgresRequestLogRows : IRequestLogRows
{
    public void Add(CheckoutDb db, IReadOnlyList<RequestLogEntry> rows) => db.RequestLog.AddRange(rows);
}
