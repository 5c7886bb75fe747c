using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Writes that share a group commit: each stands alone, a caller told its write failed sees the batch's other
/// writes, and a batch whose commit fails keeps none of them and leaves the writer ready for the next.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    readonly TestApp _app = new();
    // Every wait is bounded: a bug here should fail the test, not hang it.
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    GroupCommit Commits => _app.Services.GetRequiredService<GroupCommit>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FailedWrite_IsReportedAfterTheBatchCommits_SoItsCallerSeesTheWriteItLostTo()
    {
        await ExecuteAsync("CREATE TABLE GroupCommitKeys (Key TEXT PRIMARY KEY)");
        var first = Hold();
        await first.Running.Task.WaitAsync(Bound);
        // One batch: the winner, the loser, and a last write that keeps the batch from committing until it is let go.
        var winner = ExecuteAsync("INSERT INTO GroupCommitKeys VALUES (@p0)", "k");
        var loser = ExecuteAsync("INSERT INTO GroupCommitKeys VALUES (@p0)", "k");
        var last = Hold();
        first.Gate.SetResult();
        await first.Write.WaitAsync(Bound);

        await last.Running.Task.WaitAsync(Bound); // the winner and the loser have run in this batch
        Assert.False(loser.IsCompleted); // failed already, but not told before the batch commits
        last.Gate.SetResult();
        var error = await Assert.ThrowsAsync<SqliteException>(() => loser.WaitAsync(Bound));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the key the other write took
        // Read on another connection at once: the winner's row is already committed.
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM GroupCommitKeys"));
        Assert.Equal(1, await winner.WaitAsync(Bound));
    }

    [Fact]
    public async Task BatchWhoseCommitFails_FailsEveryWriteAndKeepsNone_AndTheNextBatchCommits()
    {
        await ExecuteAsync("CREATE TABLE GroupCommitParents (Id TEXT PRIMARY KEY)");
        await ExecuteAsync("CREATE TABLE GroupCommitChildren (ParentId TEXT REFERENCES GroupCommitParents (Id) DEFERRABLE INITIALLY DEFERRED)");
        // The orphan breaks a deferred foreign key, which SQLite checks only at COMMIT.
        var (parent, orphan) = await InOneBatchAsync(
            ("INSERT INTO GroupCommitParents VALUES (@p0)", "kept?"),
            ("INSERT INTO GroupCommitChildren VALUES (@p0)", "missing"));

        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => parent.WaitAsync(Bound))).SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => orphan.WaitAsync(Bound))).SqliteErrorCode);
        Assert.Equal(1, await ExecuteAsync("INSERT INTO GroupCommitParents VALUES (@p0)", "later"));
        Assert.Equal("later", await ScalarAsync("SELECT group_concat(Id) FROM GroupCommitParents"));
    }

    [Fact]
    public async Task Write_WhileAnotherConnectionHoldsTheWriteLock_WaitsForItAndCommitsOnceItIsFree()
    {
        await ExecuteAsync("CREATE TABLE GroupCommitLocked (Key TEXT PRIMARY KEY)");
        await using var other = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using var transaction = other.BeginTransaction(); // BEGIN IMMEDIATE: SQLite's write lock

        var write = ExecuteAsync("INSERT INTO GroupCommitLocked VALUES (@p0)", "after the lock");
        // Nothing signals "waiting for the lock": the write is given time to finish, and must not.
        Assert.False(await Task.WhenAny(write, Task.Delay(300)) == write);
        await transaction.CommitAsync();

        Assert.Equal(1, await write.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM GroupCommitLocked"));
    }

    [Fact]
    public async Task AfterCommitActions_OfEveryCommittedWriteInABatchRun_AndThoseOfAWriteRolledBackDoNot()
    {
        var ran = new System.Collections.Concurrent.ConcurrentBag<string>();
        Task<bool> Write(string name, bool fail) => Commits.RunAsync<bool>((db, _) =>
        {
            db.AfterCommit("same-key-in-every-write", () => ran.Add(name));
            return fail ? throw new InvalidOperationException(name) : Task.FromResult(true);
        });
        var held = Hold();
        await held.Running.Task.WaitAsync(Bound);
        var writes = new[] { Write("first", fail: false), Write("failed", fail: true), Write("third", fail: false) };
        held.Gate.SetResult();
        await held.Write.WaitAsync(Bound);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1].WaitAsync(Bound));
        Assert.True(await writes[0].WaitAsync(Bound) && await writes[2].WaitAsync(Bound));
        Assert.Equal(["first", "third"], ran.Order());
    }

    Task<int> ExecuteAsync(string sql, params object?[] values) =>
        Commits.RunAsync((db, _) => Task.FromResult(Commits.Statements(db).Execute(sql, values)));

    /// <summary>A write that holds the writer (SQLite's calls block it) until its gate opens; <c>Running</c> is set once the
    /// writer runs it, so every write queued after that waits for the next batch.</summary>
    (Task<bool> Write, TaskCompletionSource Gate, TaskCompletionSource Running) Hold()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (Commits.RunAsync(async (_, _) =>
        {
            running.TrySetResult();
            await gate.Task.WaitAsync(Bound);
            return true;
        }), gate, running);
    }

    /// <summary>While a held write keeps the writer busy, these two queue, and then share the next batch.</summary>
    async Task<(Task<int>, Task<int>)> InOneBatchAsync((string Sql, object Value) one, (string Sql, object Value) other)
    {
        var held = Hold();
        await held.Running.Task.WaitAsync(Bound);
        var writes = (ExecuteAsync(one.Sql, one.Value), ExecuteAsync(other.Sql, other.Value));
        held.Gate.SetResult();
        await held.Write.WaitAsync(Bound);
        return writes;
    }

    async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
