using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>The writer's queue is at <c>Database:MaxQueuedWrites</c>: the write was refused before it ran.</summary>
sealed class WriteQueueFullException(int queued) : Exception($"{queued} writes are waiting for the database: this one was refused.");

static class DbErrors
{
    /// <summary>True when a save failed on a unique index: another request got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19 } => true, // SQLITE_CONSTRAINT
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };

    /// <summary>True when a unit of work lost a race another one won (a unique index, a deadlock, a serialization
    /// failure): run again, it reads what the winner wrote.</summary>
    public static bool IsLostRace(this Exception exception) => (exception as PostgresException ?? exception.InnerException as PostgresException)?.SqlState
        is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    /// <summary>True when the database could not be reached or did not answer in time: the request is answered 503 and may
    /// be retried, and nothing about it is a bug.</summary>
    public static bool IsUnavailable(this Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            switch (e)
            {
                case PostgresException { SqlState: var state }:
                    // 08: connection exceptions; 57P01-03: the server is shutting down, crashed or starting; 53300: too many connections.
                    return state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException:
                case TimeoutException:
                case WriteQueueFullException:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        return false;
    }
}
