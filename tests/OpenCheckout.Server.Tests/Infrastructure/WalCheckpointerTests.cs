using Microsoft.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Committed pages reach the database file soon after the commit, copied by the background checkpointer,
/// rather than only when SQLite's write-ahead log reaches 1,000 pages (the writer's own checkpoint).</summary>
public sealed class WalCheckpointerTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CreatedSession_IsInTheDatabaseFileItself_SoonAfterTheCommit()
    {
        var merchant = await _app.CreateMerchantAsync();
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        var id = session.GetProperty("id").GetString()!;

        // A few dozen pages so far, far below the writer's 1,000-page checkpoint: without the checkpointer the session
        // would be only in the log until then.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await DatabaseFileHoldsAsync(id))
        {
            Assert.True(DateTime.UtcNow < deadline, "The session did not reach the database file within 10 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Reads a copy of the database file alone, without its log, as a file-level backup or a crash that lost the
    /// log would see it.</summary>
    async Task<bool> DatabaseFileHoldsAsync(string sessionId)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"opencheckout-wal-{Guid.NewGuid():N}.db");
        try
        {
            File.Copy(_app.DatabasePath, copy);
            await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM CheckoutSessions WHERE Id = $id";
            command.Parameters.AddWithValue("$id", sessionId);
            return (long)(await command.ExecuteScalarAsync())! == 1;
        }
        catch (SqliteException)
        {
            return false; // copied while a checkpoint was writing: try again
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
