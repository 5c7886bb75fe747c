using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Group commit: concurrent writes share one durable commit. A durable SQLite commit costs an fsync
/// (a few milliseconds), so committing each request alone caps writes at a few hundred per second; here one
/// writer takes every write waiting in the queue, runs each in its own savepoint inside one transaction, and
/// commits once. A write's task completes only after that commit, so a 2xx still means "on disk"; a write that
/// fails is rolled back to its savepoint alone and fails only its own caller. The writer keeps one context and
/// one open connection for its lifetime, so the statements it runs through <see cref="CommitWriter.Execute"/>
/// are compiled once.</summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit> log) : BackgroundService
{
    const int MaxBatch = 256;

    readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });

    abstract class Write
    {
        public abstract Task RunAsync(CommitWriter writer, CancellationToken ct);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    sealed class Write<T>(Func<CommitWriter, CancellationToken, Task<T>> work) : Write
    {
        readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T _result = default!;

        public Task<T> Completion => _done.Task;
        public override async Task RunAsync(CommitWriter writer, CancellationToken ct) => _result = await work(writer, ct);
        public override void Complete() => _done.TrySetResult(_result);
        public override void Fail(Exception e) => _done.TrySetException(e);
    }

    /// <summary>Runs <paramref name="work"/> on the writer (add entities to its context, ExecuteUpdate/Delete, or prepared
    /// statements; the writer saves) and completes once it is committed. The work must not open or commit transactions.</summary>
    public Task<T> RunAsync<T>(Func<CommitWriter, CancellationToken, Task<T>> work)
    {
        var write = new Write<T>(work);
        if (!_queue.Writer.TryWrite(write)) write.Fail(new InvalidOperationException("The server is shutting down."));
        return write.Completion;
    }

    public Task AddAsync(object entity) => RunAsync((writer, _) =>
    {
        writer.Db.Add(entity);
        return Task.FromResult(true);
    });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown, stop taking writes and finish the ones already queued.
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        db.Database.AutoSavepointsEnabled = false; // each write already has its own savepoint
        using var statements = new PreparedConnection((SqliteConnection)db.Database.GetDbConnection(), ownsConnection: false);
        var writer = new CommitWriter(db, statements);
        var batch = new List<Write>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var previous = batch.Count;
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write)) batch.Add(write);
            // Under concurrency (the last batch had several writes), yield a few times while this one is smaller, so the
            // requests just answered can queue their next writes and share this fsync. A lone write never waits.
            for (var i = 0; i < 3 && previous > 1 && batch.Count < previous; i++)
            {
                await Task.Yield();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write)) batch.Add(write);
            }
            await CommitAsync(writer, batch);
        }
    }

    async Task CommitAsync(CommitWriter writer, List<Write> batch)
    {
        var succeeded = new List<Write>(batch.Count);
        // A write that failed is told so after the commit too, so that what its caller reads next already includes the
        // writes before it in the batch (say, the one that took the key it failed on).
        var failed = new List<(Write Write, Exception Error)>();
        var db = writer.Db;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                writer.Execute("SAVEPOINT write");
                try
                {
                    await batch[i].RunAsync(writer, CancellationToken.None);
                    if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync();
                    writer.Execute("RELEASE write");
                    succeeded.Add(batch[i]);
                }
                catch (Exception e)
                {
                    writer.Execute("ROLLBACK TO write");
                    writer.Execute("RELEASE write");
                    failed.Add((batch[i], e));
                }
                // Each write stands alone: a later one adding the same key must meet the database's unique index,
                // not this context's memory of an earlier write.
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync();
            foreach (var write in succeeded) write.Complete();
            foreach (var (write, error) in failed) write.Fail(error);
        }
        catch (Exception e)
        {
            // The transaction failed to begin or to commit (disk full, I/O error): nothing in the batch is durable.
            log.LogError(e, "Group commit of {Count} writes failed", batch.Count);
            foreach (var (write, error) in failed) write.Fail(error);
            foreach (var write in batch) write.Fail(e); // the rest; a write is told once
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>What a write in a group commit works with: the writer's context, and statements compiled once on its
/// connection, run inside the batch's transaction.</summary>
public sealed class CommitWriter(CheckoutDb db, PreparedConnection statements)
{
    public CheckoutDb Db => db;

    /// <summary>Runs one statement with <paramref name="values"/> bound in order (@p0, @p1, ...); the number of rows changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<object?> values) => statements.Execute(sql, values);
}
