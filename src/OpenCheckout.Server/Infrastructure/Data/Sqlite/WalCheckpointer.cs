using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

/// <summary>Copies committed pages from SQLite's write-ahead log into the database file on a thread of its own, soon
/// after each group commit. Otherwise the writer does it: every ~1,000 WAL pages its commit runs the checkpoint (copy the
/// pages, fsync the database file) before the batch is answered, and that batch answers milliseconds late. A passive
/// checkpoint blocks neither the writer nor readers; the writer's own checkpoint still runs at 1,000 pages, with little
/// left to copy, so that the log can start over from its beginning (SQLite restarts it only once every frame is copied).
/// Durability does not change: a commit is durable once its WAL frames are fsynced, before its request is answered.</summary>
public sealed class WalCheckpointer(IOptions<OpenCheckoutOptions> options, ILogger<WalCheckpointer> log) : BackgroundService
{
    // Commits come hundreds a second under load; a checkpoint per 25 ms copies each page once however often it changed,
    // and costs one fsync of the database file (the spacing that served creates best: docs/performance.md).
    static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(25);

    readonly SemaphoreSlim _wake = new(0, 1);
    int _pending; // 1 once a commit has signalled and the checkpointer has not yet started on it

    /// <summary>Tells the checkpointer there are new frames in the log; cheap, and never blocks the caller. Commits that
    /// come while one is pending share its checkpoint.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _wake.Release();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // SQLite's calls block, so the checkpointer has a thread of its own rather than a thread-pool worker.
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    void Run(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "WAL checkpointer";
        using var connection = new SqliteConnection(SqliteSetup.ConnectionString(options.Value.Database.Path, pooling: false));
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        // synchronous=FULL: the database file is fsynced before SQLite counts the pages as copied and may reuse the log.
        checkpoint.CommandText = "PRAGMA synchronous=FULL;";
        checkpoint.ExecuteNonQuery();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        try
        {
            while (true)
            {
                _wake.Wait(stoppingToken);
                Volatile.Write(ref _pending, 0); // a commit from here on signals again
                Checkpoint(checkpoint);
                if (stoppingToken.WaitHandle.WaitOne(Spacing)) return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    void Checkpoint(SqliteCommand checkpoint)
    {
        try
        {
            checkpoint.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            // The writer's own checkpoint still runs; a failure here only means it has more to copy.
            log.LogWarning(e, "Background WAL checkpoint failed");
        }
    }
}
