using OpenCheckout.Testing;
using Microsoft.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>SQLite's page caches are bounded for the whole process (OpenCheckout:Database:MemoryLimitMegabytes).</summary>
public sealed class SqliteMemoryLimitTests
{
    [Fact]
    public async Task ServerStart_SetsTheDefaultLimitOfEightMegabytes()
    {
        await using var app = new TestApp(); // started by its constructor

        // The limit belongs to the process, so any connection reads it; every server in this test run uses the default.
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA soft_heap_limit;";
        Assert.Equal(8L * 1024 * 1024, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public void NegativeLimit_StopsTheStartWithTheSettingsName()
    {
        var database = TestDatabase.NewSqlitePath("opencheckout-tests");
        var path = database.Path;
        var error = Assert.Throws<InvalidOperationException>(() =>
            new TestApp(database, settings: new Dictionary<string, string?> { ["OpenCheckout:Database:MemoryLimitMegabytes"] = "-1" }));
        Assert.Contains("MemoryLimitMegabytes", error.Message);
        Assert.False(File.Exists(path)); // stopped before anything was created
    }
}
