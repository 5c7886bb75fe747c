using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

sealed class CaptureConfiguration : IEntityTypeConfiguration<Capture>
{
    public void Configure(EntityTypeBuilder<Capture> e)
    {
        e.ToTable("Captures");
        e.HasIndex(c => new { c.AccountId, c.TestMode, c.Id });
        // One capture per payment intent: a second could only come from a bug in the guard, and would fail here.
        e.HasIndex(c => c.PaymentIntentId).IsUnique();
        e.HasIndex(c => new { c.SessionId, c.Id });
        e.Property(c => c.Metadata).HasJsonConversion();
    }
}

static class CapturesTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Capture> Captures => db.Set<Capture>();
    }
}
