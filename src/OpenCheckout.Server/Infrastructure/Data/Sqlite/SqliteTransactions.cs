using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

static class SqliteTransactions
{
    /// <summary>Whether a transaction is open on the connection (SQLite is out of autocommit mode), whoever began it: EF Core
    /// does not see the group commit's own <c>BEGIN</c>.</summary>
    public static bool HasOpenTransaction(this DbConnection connection) =>
        connection is SqliteConnection { Handle: { } db } && raw.sqlite3_get_autocommit(db) == 0;
}
