using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

/// <summary>Turns a query tagged <see cref="RowLocks.SkipLocked"/> into <c>... FOR UPDATE SKIP LOCKED</c>: the rows it
/// returns stay locked until the unit of work ends, and other nodes' same queries pass over them.</summary>
sealed class SkipLockedInterceptor : DbCommandInterceptor
{
    static readonly string Tag = "-- " + RowLocks.SkipLocked;

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
        if (command.CommandText.StartsWith(Tag, StringComparison.Ordinal)) command.CommandText += "\nFOR UPDATE SKIP LOCKED";
    }
}
