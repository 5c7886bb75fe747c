using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Disputes;

sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> e)
    {
        e.ToTable("Disputes");
        e.HasIndex(d => new { d.AccountId, d.TestMode, d.Id });
        // The worker's query: scheduled disputes that are due.
        e.HasIndex(d => new { d.OpenedAt, d.OpensAt });
        e.HasIndex(d => d.PaymentIntentId);
        // The worker's other query: submitted disputes due to be decided.
        e.HasIndex(d => d.DecidesAt);
        // A test clock's advance: its disputes.
        e.HasIndex(d => d.TestClockId).HasFilter("\"TestClockId\" IS NOT NULL");
        e.Property(d => d.Evidence).HasJsonConversion();
        e.Property(d => d.Metadata).HasJsonConversion();
    }
}

static class DisputesTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Dispute> Disputes => db.Set<Dispute>();
    }
}
