using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data;

static class DbErrors
{
    /// <summary>True when a save failed on a unique index: another request got there first.
    /// Each provider adds its own code here (PostgreSQL: SqlState 23505).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => true, // SQLITE_CONSTRAINT
        _ => false,
    };
}
