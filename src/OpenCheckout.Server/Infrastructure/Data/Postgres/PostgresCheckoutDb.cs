using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

/// <summary>The model on PostgreSQL. Text compares and sorts byte by byte (collation "C"), as on SQLite: ids are ULIDs,
/// whose order is their creation order only in a binary collation. Times are stored as <c>timestamptz</c>; every
/// <see cref="DateTime"/> in the model is UTC (SQLite hands them back unspecified), so it is written as UTC.</summary>
public sealed class PostgresCheckoutDb(DbContextOptions<PostgresCheckoutDb> options) : CheckoutDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<string>().UseCollation("C");
        conventions.Properties<DateTime>().HaveConversion<UtcDateTime>();
        conventions.Properties<DateTime?>().HaveConversion<UtcDateTime>();
    }

    sealed class UtcDateTime() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCheckoutDb</c> build the context without a database.</summary>
sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCheckoutDb>
{
    public PostgresCheckoutDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCheckoutDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
