using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data.Postgres;
using OpenCheckout.Testing;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary><c>migrate</c>, as a deployment runs it once before rolling its nodes: the server binary applies every
/// migration to the configured PostgreSQL database and exits 0, without starting the web server.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_OnAnEmptyPostgresDatabase_AppliesEveryMigrationAndExits0()
    {
        var database = TestDatabase.NewEmpty(DatabaseProvider.Postgres, "opencheckout-tests");
        try
        {
            var start = new ProcessStartInfo("dotnet", [ServerProcess.ServerDll, "migrate"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            start.Environment["OpenCheckout__Database__Provider"] = "Postgres";
            start.Environment["OpenCheckout__Database__ConnectionString"] = database.Location;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await errors}");
            Assert.DoesNotContain("listening", await output);
            await using var db = new PostgresCheckoutDb(new DbContextOptionsBuilder<PostgresCheckoutDb>().UseNpgsql(database.Location).Options);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            await database.DropAsync();
        }
    }
}
