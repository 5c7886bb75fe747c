using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

/// <summary>Group commit: concurrent writes share one durable commit. A durable SQLite commit costs an fsync
/// (a few milliseconds), so committing each request alone caps writes at a few hundred per second; here one
/// writer takes every write waiting in the queue, runs each in its own savepoint inside one transaction, and
/// commits once. A write's task completes only after that commit, so a 2xx still means "on disk"; a write that
/// fails is rolled back to its savepoint alone and fails only its own caller. The writer is a thread of its own
/// (SQLite's calls block; on the thread pool every wake-up waited behind queued requests) and keeps one context
/// and one open connection for its lifetime, so the statements it runs through <see cref="Statements"/>, its
/// transaction's included, are compiled once.</summary>
public sealed class GroupCommit(IServiceScopeFactory scopes, WalCheckpointer checkpointer, IOptions<OpenCheckoutOptions> options,
    Telemetry.CheckoutTelemetry telemetry, ILogger<GroupCommit> log) : IHostedService, IUnitOfWork
{
    const int MaxBatch = 256;

    // Guarded by locking the queue itself; the writer waits on it (Monitor.Wait) while it is empty.
    readonly Queue<Write> _queue = new();
    bool _stopping;
    Task? _writer;
    CheckoutDb? _writerDb;
    PreparedConnection? _statements;

    abstract class Write
    {
        public readonly long QueuedAt = Stopwatch.GetTimestamp();
        public abstract void Run(CheckoutDb db);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    sealed class Write<T>(Func<CheckoutDb, CancellationToken, Task<T>> work) : Write
    {
        readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T _result = default!;

        public Task<T> Completion => _done.Task;
        // SQLite's async calls complete synchronously; the writer's thread is its own, so blocking on the rest is safe.
        public override void Run(CheckoutDb db) => _result = work(db, CancellationToken.None).GetAwaiter().GetResult();
        public override void Complete() => _done.TrySetResult(_result);
        public override void Fail(Exception e) => _done.TrySetException(e);
    }

    /// <summary>Runs <paramref name="work"/> on the writer (add entities to its context, ExecuteUpdate/Delete, or prepared
    /// statements through <see cref="Statements"/>; the writer saves) and completes once it is committed. A queued write
    /// runs whatever <paramref name="ct"/> says later: its caller may have gone, but the write is part of a batch.</summary>
    public Task<T> RunAsync<T>(Func<CheckoutDb, CancellationToken, Task<T>> work, CancellationToken ct = default) =>
        Telemetry.CheckoutTelemetry.Traces.HasListeners() ? Telemetry.CheckoutTelemetry.TracedUnitOfWork(() => Enqueue(work)) : Enqueue(work);

    Task<T> Enqueue<T>(Func<CheckoutDb, CancellationToken, Task<T>> work)
    {
        var write = new Write<T>(work);
        lock (_queue)
        {
            if (_stopping) write.Fail(new InvalidOperationException("The server is shutting down."));
            // Past the bound the writer is not keeping up: refusing now (503, Retry-After) beats answering everyone late.
            else if (_queue.Count >= options.Value.Database.MaxQueuedWrites) write.Fail(new WriteQueueFullException(_queue.Count));
            else
            {
                // Started by the first write, which may come before the host starts (first-start bootstrap, admin commands).
                _writer ??= Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                _queue.Enqueue(write);
                if (_queue.Count == 1) Monitor.Pulse(_queue);
            }
        }
        return write.Completion;
    }

    /// <summary>The writer's statements compiled once, for a write running on <paramref name="db"/> (the context the writer
    /// handed it).</summary>
    public PreparedConnection Statements(CheckoutDb db) =>
        ReferenceEquals(db, _writerDb) ? _statements! : throw new InvalidOperationException("Prepared statements belong to the group commit's own writes.");

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>On shutdown, stops taking writes and finishes the ones already queued.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        Task? writer;
        lock (_queue)
        {
            _stopping = true;
            Monitor.Pulse(_queue);
            writer = _writer;
        }
        if (writer is not null) await writer.WaitAsync(ct);
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
        db.InExternalTransaction = true;
        using var statements = new PreparedConnection((SqliteConnection)db.Database.GetDbConnection(), ownsConnection: false);
        // The writer waits for the lock itself (BeginImmediate). It keeps 32 MB of pages rather than SQLite's 2 MB: inserts land
        // at random places in the key indexes (a client_reference_id, an Idempotency-Key), and each page it no longer holds
        // is read back from the file first. Its statement journal (the pages each write's savepoint may have to restore) stays
        // in memory, where a temp file would cost two writes a page, more than the WAL; a work that touches many pages must
        // therefore run in batches of its own.
        statements.ExecuteScript("PRAGMA busy_timeout=0; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;");
        (_writerDb, _statements) = (db, statements);
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
            Commit(db, statements, batch);
        }
    }

    void TakeQueued(List<Write> batch)
    {
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var write)) batch.Add(write);
    }

    void Commit(CheckoutDb db, PreparedConnection sql, List<Write> batch)
    {
        var succeeded = new List<Write>(batch.Count);
        var afterCommit = new List<Action>();
        // A write that failed is told so after the commit too, so that what its caller reads next already includes the
        // writes before it in the batch (say, the one that took the key it failed on).
        var failed = new List<(Write Write, Exception Error)>();
        try
        {
            BeginImmediate(sql);
            foreach (var write in batch)
            {
                sql.Execute("SAVEPOINT write");
                try
                {
                    write.Run(db);
                    if (db.ChangeTracker.HasChanges()) db.SaveChanges();
                    sql.Execute("RELEASE write");
                    succeeded.Add(write);
                    afterCommit.AddRange(db.TakeAfterCommit());
                }
                catch (Exception e)
                {
                    sql.Execute("ROLLBACK TO write");
                    sql.Execute("RELEASE write");
                    failed.Add((write, e));
                    db.TakeAfterCommit(); // what a rolled-back write asked for never happened
                }
                // Each write stands alone: a later one adding the same key must meet the database's unique index,
                // not this context's memory of an earlier write.
                db.ChangeTracker.Clear();
            }
            sql.Execute("COMMIT");
            foreach (var action in afterCommit) action(); // those of every write that committed (waking the dispatcher, say)
            checkpointer.Committed();
            telemetry.GroupCommitBatch(batch.Count);
            foreach (var write in batch) telemetry.GroupCommitWait(Stopwatch.GetElapsedTime(write.QueuedAt));
            foreach (var write in succeeded) write.Complete();
            foreach (var (write, error) in failed) write.Fail(error);
        }
        catch (Exception e)
        {
            // The transaction failed to begin or to commit (disk full, I/O error, a deferred constraint): nothing in the
            // batch is durable. A failed COMMIT can leave the transaction open; the next batch must start afresh.
            log.LogError(e, "Group commit of {Count} writes failed", batch.Count);
            RollBack(db, sql);
            db.RolledBack();
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
    /// every request waiting on this batch waited that long with it (it showed in the create's p99); here the
    /// writer tries again as soon as the scheduler lets it, then every millisecond, for up to the same 30 s.</summary>
    static void BeginImmediate(PreparedConnection sql)
    {
        var waited = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                sql.Execute("BEGIN IMMEDIATE");
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY && waited.Elapsed < SqliteDurabilityInterceptor.LockWait)
            {
                Thread.Sleep(attempt < 10 ? 0 : 1);
            }
        }
    }

    void RollBack(CheckoutDb db, PreparedConnection sql)
    {
        try
        {
            if (db.Database.GetDbConnection().HasOpenTransaction()) sql.Execute("ROLLBACK");
        }
        catch (Exception e)
        {
            log.LogError(e, "Rolling back a failed group commit failed");
        }
    }
}
