using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Processors;

/// <summary>A processor's notice (Stripe event) that has been handled, kept so that its redeliveries are answered at once.
/// Handling is idempotent anyway (every effect is a conditional move forward): this only spares the work.</summary>
public sealed class ProcessorEvent
{
    public required string AccountId { get; init; }
    /// <summary>Stripe's evt_… id.</summary>
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public DateTime ReceivedAt { get; init; }
}

sealed class ProcessorEventConfiguration : IEntityTypeConfiguration<ProcessorEvent>
{
    public void Configure(EntityTypeBuilder<ProcessorEvent> e)
    {
        e.ToTable("ProcessorEvents");
        e.HasKey(p => new { p.AccountId, p.EventId });
        e.Property(p => p.AccountId).HasMaxLength(40);
        e.Property(p => p.EventId).HasMaxLength(255);
        e.Property(p => p.Type).HasMaxLength(100);
    }
}

static class ProcessorEventTables
{
    extension(CheckoutDb db)
    {
        public DbSet<ProcessorEvent> ProcessorEvents => db.Set<ProcessorEvent>();
    }
}
