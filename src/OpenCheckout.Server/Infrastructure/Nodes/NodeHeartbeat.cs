using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Nodes;

/// <summary>Keeps this node's instance alive in the database and gives back the work of instances that are gone: at start
/// those this node was before (same name; on SQLite, one node per file, every other), while running those whose heartbeat
/// stopped, at a graceful stop its own. Marking an instance gone and releasing its work is one unit of work, so no lease
/// outlives the instance that held it.</summary>
sealed class NodeHeartbeat(ThisNode node, IUnitOfWork writes, IEnumerable<IReleasesDeadInstanceWork> releasers,
    ILogger<NodeHeartbeat> log) : BackgroundService
{
    bool _registered;
    DateTime _lastBeat = DateTime.UtcNow;

    /// <summary>Registers this instance before the node serves, so a retry of a key a previous instance held is taken over at
    /// once. If the database refuses (it is not migrated yet), the node starts anyway and registers on a later beat.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RegisterAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Could not register this node instance yet ({Error}); retrying every {Interval}", e.GetBaseException().Message, ThisNode.Heartbeat);
        }
        await base.StartAsync(cancellationToken);
    }

    async Task RegisterAsync(CancellationToken ct)
    {
        var previous = await writes.RunAsync(async (db, ct) =>
        {
            var now = DateTime.UtcNow;
            var previous = await db.NodeInstances.Where(n => n.StoppedAt == null && (node.SoleNode || n.Name == node.Name))
                .Select(n => n.Id).ToListAsync(ct);
            await StopAndReleaseAsync(db, previous, now, ct);
            db.NodeInstances.Add(new NodeInstance { Id = node.InstanceId, Name = node.Name, StartedAt = now, HeartbeatAt = now });
            return previous;
        }, ct);
        _registered = true;
        if (previous.Count > 0) log.LogInformation("Released the work of this node's previous instance(s) {Instances}", previous);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ThisNode.Heartbeat);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!_registered) await RegisterAsync(stoppingToken);
                await BeatAsync(stoppingToken);
                if (failing) log.LogInformation("Heartbeat recorded again");
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!failing) log.LogWarning(e, "Could not record this node's heartbeat; retrying every {Interval}", ThisNode.Heartbeat);
                failing = true;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await writes.RunAsync(async (db, ct) =>
            {
                await StopAndReleaseAsync(db, [node.InstanceId], DateTime.UtcNow, ct);
                return true;
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not release this node's work at shutdown; other nodes take it over once its heartbeat is stale");
        }
    }

    /// <summary>One beat: this instance's heartbeat, then the instances found silent marked gone, their work released. After
    /// beats of its own failed (the database was away), a node judges no one on its first beat back: the others were
    /// silent for the same reason, and beat again within one interval.</summary>
    public Task BeatAsync(CancellationToken ct) => writes.RunAsync(async (db, ct) =>
    {
        var now = DateTime.UtcNow;
        var judge = now - _lastBeat < ThisNode.StaleAfter;
        var beat = await db.NodeInstances.Where(n => n.Id == node.InstanceId && n.StoppedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.HeartbeatAt, now), ct);
        if (beat == 0)
        {
            log.LogWarning("Other nodes took this instance for gone (its heartbeat was late) and took over its work; beating again");
            await db.NodeInstances.Where(n => n.Id == node.InstanceId)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.HeartbeatAt, now).SetProperty(n => n.StoppedAt, (DateTime?)null), ct);
        }
        List<string> silent = judge
            ? await db.SilentNodeInstances.Where(n => n.Id != node.InstanceId).Select(n => n.Id).TagWith(RowLocks.SkipLocked).ToListAsync(ct)
            : [];
        await StopAndReleaseAsync(db, silent, now, ct);
        var forgotten = now - TimeSpan.FromDays(1);
        await db.NodeInstances.Where(n => n.StoppedAt < forgotten).ExecuteDeleteAsync(ct);
        db.AfterCommit(nameof(NodeHeartbeat), () => _lastBeat = now);
        return silent.Count;
    }, ct);

    async Task StopAndReleaseAsync(CheckoutDb db, List<string> instances, DateTime now, CancellationToken ct)
    {
        if (instances.Count == 0) return;
        await db.NodeInstances.Where(n => instances.Contains(n.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.StoppedAt, now), ct);
        foreach (var releaser in releasers) await releaser.ReleaseAsync(db, instances, ct);
        if (instances is not [var only] || only != node.InstanceId)
            log.LogInformation("Node instance(s) {Instances} are gone; their work was released", instances);
    }
}
