using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Webhooks;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Group commit: concurrent writes share one durable commit. A durable SQLite commit costs an fsync
/// (a few milliseconds), so committing each request alone caps writes at a few hundred per second; here one
/// writer takes every write waiting in the queue, runs each in its own savepoint inside one transaction, and
/// commits once. A write's task completes only after that commit, so a 2xx still means "on disk"; a write that
/// fails is rolled back to its savepoint alone and fails only its own caller. The writer is a thread of its own
/// (SQLite's calls block; on the thread pool every wake-up waited behind queued requests) and keeps one context
/// and one open connection for its lifetime, so the statements it runs through <see cref="CommitWriter.Execute"/>,
/// its transaction's included, are compiled once.</summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, WakeDispatcherOnCommit webhooks, WalCheckpointer checkpointer, ILogger<GroupCommit> log)
    : BackgroundService
{
    const int MaxBatch = 256;

    // Guarded by locking the queue itself; the writer waits on it (Monitor.Wait) while it is empty.
    readonly Queue<Write> _queue = new();
    bool _stopping;

    abstract class Write
    {
        public abstract void Run(CommitWriter writer);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    sealed class Write<T>(Func<CommitWriter, CancellationToken, Task<T>> work) : Write
    {
        readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T _result = default!;

        public Task<T> Completion => _done.Task;
        // SQLite's async calls complete synchronously; the writer's thread is its own, so blocking on the rest is safe.
        public override void Run(CommitWriter writer) => _result = work(writer, CancellationToken.None).GetAwaiter().GetResult();
        public override void Complete() => _done.TrySetResult(_result);
        public override void Fail(Exception e) => _done.TrySetException(e);
    }

    /// <summary>Runs <paramref name="work"/> on the writer (add entities to its context, ExecuteUpdate/Delete, or prepared
    /// statements; the writer saves) and completes once it is committed. The work must not open or commit transactions.</summary>
    public Task<T> RunAsync<T>(Func<CommitWriter, CancellationToken, Task<T>> work)
    {
        var write = new Write<T>(work);
        lock (_queue)
        {
            if (_stopping) write.Fail(new InvalidOperationException("The server is shutting down."));
            else
            {
                _queue.Enqueue(write);
                if (_queue.Count == 1) Monitor.Pulse(_queue);
            }
        }
        return write.Completion;
    }

    public Task AddAsync(object entity) => RunAsync((writer, _) =>
    {
        writer.Db.Add(entity);
        return Task.FromResult(true);
    });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown, stop taking writes and finish the ones already queued.
        stoppingToken.Register(() =>
        {
            lock (_queue)
            {
                _stopping = true;
                Monitor.Pulse(_queue);
            }
        });
        return Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    void RunWriter()
    {
        Thread.CurrentThread.Name = "Group commit";
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        db.Database.OpenConnection();
        // The writer runs its own transaction (below): EF Core must neither start one nor use savepoints of its own.
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        db.Database.AutoSavepointsEnabled = false;
        using var statements = new PreparedConnection((SqliteConnection)db.Database.GetDbConnection(), ownsConnection: false);
        statements.ExecuteScript("PRAGMA busy_timeout=0;"); // the writer waits for the lock itself: BeginImmediate
        var writer = new CommitWriter(db, statements);
        var batch = new List<Write>(MaxBatch);
        while (true)
        {
            var previous = batch.Count;
            batch.Clear();
            lock (_queue)
            {
                while (_queue.Count == 0 && !_stopping) Monitor.Wait(_queue);
                if (_queue.Count == 0) return; // stopping, and every queued write is done
                TakeQueued(batch);
            }
            // Under concurrency (the last batch had several writes), yield a few times while this one is smaller, so the
            // requests just answered can queue their next writes and share this fsync. A lone write never waits.
            for (var i = 0; i < 3 && previous > 1 && batch.Count < previous; i++)
            {
                Thread.Yield();
                lock (_queue) TakeQueued(batch);
            }
            Commit(writer, batch);
        }
    }

    void TakeQueued(List<Write> batch)
    {
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var write)) batch.Add(write);
    }

    void Commit(CommitWriter writer, List<Write> batch)
    {
        var succeeded = new List<Write>(batch.Count);
        // A write that failed is told so after the commit too, so that what its caller reads next already includes the
        // writes before it in the batch (say, the one that took the key it failed on).
        var failed = new List<(Write Write, Exception Error)>();
        var db = writer.Db;
        try
        {
            BeginImmediate(writer);
            foreach (var write in batch)
            {
                writer.Execute("SAVEPOINT write");
                try
                {
                    write.Run(writer);
                    if (db.ChangeTracker.HasChanges()) db.SaveChanges();
                    writer.Execute("RELEASE write");
                    succeeded.Add(write);
                }
                catch (Exception e)
                {
                    writer.Execute("ROLLBACK TO write");
                    writer.Execute("RELEASE write");
                    failed.Add((write, e));
                }
                // Each write stands alone: a later one adding the same key must meet the database's unique index,
                // not this context's memory of an earlier write.
                db.ChangeTracker.Clear();
            }
            writer.Execute("COMMIT");
            webhooks.Committed(db); // after the commit: the dispatcher must be able to read the events
            checkpointer.Committed();
            foreach (var write in succeeded) write.Complete();
            foreach (var (write, error) in failed) write.Fail(error);
        }
        catch (Exception e)
        {
            // The transaction failed to begin or to commit (disk full, I/O error, a deferred constraint): nothing in the
            // batch is durable. A failed COMMIT can leave the transaction open; the next batch must start afresh.
            log.LogError(e, "Group commit of {Count} writes failed", batch.Count);
            RollBack(writer);
            webhooks.RolledBack(db);
            foreach (var (write, error) in failed) write.Fail(error);
            foreach (var write in batch) write.Fail(e); // the rest; a write is told once
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Takes SQLite's write lock, waiting while another connection holds it (a background worker's EF Core
    /// transaction, an admin command). SQLite's own busy_timeout sleeps 1, 2, 5, 10 and on up to 100 ms between tries, and
    /// every request waiting on this batch waited that long with it (create p99 42 ms in one bench round); here the
    /// writer tries again as soon as the scheduler lets it, then every millisecond, for up to the same 30 s.</summary>
    static void BeginImmediate(CommitWriter writer)
    {
        var waited = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                writer.Execute("BEGIN IMMEDIATE");
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY && waited.Elapsed < SqliteDurabilityInterceptor.LockWait)
            {
                Thread.Sleep(attempt < 10 ? 0 : 1);
            }
        }
    }

    void RollBack(CommitWriter writer)
    {
        try
        {
            if (writer.InTransaction) writer.Execute("ROLLBACK");
        }
        catch (Exception e)
        {
            log.LogError(e, "Rolling back a failed group commit failed");
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

    /// <summary>Whether a transaction is open on the writer's connection.</summary>
    public bool InTransaction => db.Database.GetDbConnection().HasOpenTransaction();
}
