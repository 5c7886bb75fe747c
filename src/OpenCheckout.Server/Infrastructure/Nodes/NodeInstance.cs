using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Nodes;

/// <summary>One run of one server process: what leases (webhook deliveries) name as their holder. Alive while its
/// heartbeat is fresh and it has not stopped; a node that restarts under the same name stops its previous instance.</summary>
public sealed class NodeInstance
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime HeartbeatAt { get; set; }
    public DateTime? StoppedAt { get; set; }
}

sealed class NodeInstanceConfiguration : IEntityTypeConfiguration<NodeInstance>
{
    public void Configure(EntityTypeBuilder<NodeInstance> e)
    {
        e.ToTable("NodeInstances");
        e.HasKey(n => n.Id);
        e.HasIndex(n => new { n.StoppedAt, n.HeartbeatAt });
    }
}

static class NodeTables
{
    extension(CheckoutDb db)
    {
        public DbSet<NodeInstance> NodeInstances => db.Set<NodeInstance>();

        /// <summary>Instances not stopped yet whose heartbeat has gone silent: gone, but not yet marked so.</summary>
        public IQueryable<NodeInstance> SilentNodeInstances
        {
            get
            {
                var silentSince = ThisNode.SilentSince;
                return db.NodeInstances.Where(n => n.StoppedAt == null && n.HeartbeatAt < silentSince);
            }
        }
    }
}
