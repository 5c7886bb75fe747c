using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Writes that share a group commit: each stands alone, and a caller told its write failed sees the batch's other writes.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FailedWrite_IsReportedAfterTheBatchCommits_SoItsCallerSeesTheWriteItLostTo()
    {
        var commits = _app.Services.GetRequiredService<GroupCommit>();
        // The writer runs one write at a time: while the first waits at the gate, the next two queue and then share a batch.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = commits.RunAsync(async (writer, _) =>
        {
            writer.Execute("CREATE TABLE GroupCommitKeys (Key TEXT PRIMARY KEY)");
            await gate.Task;
            return true;
        });
        await Task.Delay(200);
        var winner = commits.RunAsync((writer, _) => Task.FromResult(writer.Execute("INSERT INTO GroupCommitKeys VALUES (@p0)", "k")));
        var loser = commits.RunAsync((writer, _) => Task.FromResult(writer.Execute("INSERT INTO GroupCommitKeys VALUES (@p0)", "k")));
        gate.SetResult();
        await first;

        var error = await Assert.ThrowsAsync<SqliteException>(() => loser);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the key the other write took
        // Read on another connection at once: the winner's row is already committed.
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM GroupCommitKeys";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        Assert.Equal(1, await winner);
    }

    [Fact]
    public async Task BatchWhoseCommitFails_FailsEveryWriteAndKeepsNone_AndTheNextBatchCommits()
    {
        var commits = _app.Services.GetRequiredService<GroupCommit>();
        await commits.RunAsync((writer, _) =>
        {
            writer.Execute("CREATE TABLE GroupCommitParents (Id TEXT PRIMARY KEY)");
            writer.Execute("CREATE TABLE GroupCommitChildren (ParentId TEXT REFERENCES GroupCommitParents (Id) DEFERRABLE INITIALLY DEFERRED)");
            return Task.FromResult(true);
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = commits.RunAsync(async (_, _) =>
        {
            await gate.Task;
            return true;
        });
        await Task.Delay(200);
        // Both share the next batch. The orphan breaks a deferred foreign key, which SQLite checks only at COMMIT.
        var parent = commits.RunAsync((writer, _) => Task.FromResult(writer.Execute("INSERT INTO GroupCommitParents VALUES (@p0)", "kept?")));
        var orphan = commits.RunAsync((writer, _) => Task.FromResult(writer.Execute("INSERT INTO GroupCommitChildren VALUES (@p0)", "missing")));
        gate.SetResult();
        await first;

        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => parent)).SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => orphan)).SqliteErrorCode);
        Assert.Equal(1, await commits.RunAsync((writer, _) => Task.FromResult(writer.Execute("INSERT INTO GroupCommitParents VALUES (@p0)", "later"))));

        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var ids = connection.CreateCommand();
        ids.CommandText = "SELECT group_concat(Id) FROM GroupCommitParents";
        Assert.Equal("later", await ids.ExecuteScalarAsync());
    }
}
