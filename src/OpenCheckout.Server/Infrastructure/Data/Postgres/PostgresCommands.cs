using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

/// <summary>Raw statements inside a unit of work on PostgreSQL, for the hot paths that bypass EF Core: on the unit of work's
/// own connection and transaction, so they commit or roll back with it.</summary>
public static class PostgresCommands
{
    public static NpgsqlCommand Command(this CheckoutDb db, string sql) =>
        new(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
}
