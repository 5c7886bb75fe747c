using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

/// <summary>Turns a query tagged <see cref="RowLocks.SkipLocked"/> into <c>... FOR UPDATE SKIP LOCKED</c> (the rows it returns
/// stay locked until the unit of work ends, and other nodes' same queries pass over them) and one tagged
/// <see cref="RowLocks.ForUpdate"/> into <c>... FOR UPDATE</c> (it waits for the rows, then reads them as last committed).</summary>
sealed class RowLockInterceptor : DbCommandInterceptor
{
    static readonly string SkipLockedTag = "-- " + RowLocks.SkipLocked;
    static readonly string ForUpdateTag = "-- " + RowLocks.ForUpdate;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    static void Lock(DbCommand command)
    {
        if (command.CommandText.StartsWith(SkipLockedTag, StringComparison.Ordinal)) command.CommandText += "\nFOR UPDATE SKIP LOCKED";
        else if (command.CommandText.StartsWith(ForUpdateTag, StringComparison.Ordinal)) command.CommandText += "\nFOR UPDATE";
    }
}
