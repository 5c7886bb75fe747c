using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

sealed class PaymentIntentConfiguration : IEntityTypeConfiguration<PaymentIntent>
{
    public void Configure(EntityTypeBuilder<PaymentIntent> e)
    {
        e.ToTable("PaymentIntents");
        // One payment intent per session: concurrent first attempts cannot both create one.
        e.HasIndex(p => p.SessionId).IsUnique();
        // And one per invoice: however many nodes attempt a renewal, its attempts land on one payment intent.
        e.HasIndex(p => p.InvoiceId).IsUnique();
        e.Property(p => p.CaptureMethod).HasMaxLength(20);
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
        // AuthorizationLapseWorker's query: authorizations still waiting for a capture, oldest first.
        e.HasIndex(p => new { p.Status, p.AuthorizedAt });
        // A test clock's advance: its authorizations waiting for capture.
        e.HasIndex(p => new { p.TestClockId, p.Status, p.AuthorizedAt }).HasFilter("\"TestClockId\" IS NOT NULL");
    }
}

static class PaymentsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<PaymentIntent> PaymentIntents => db.Set<PaymentIntent>();
    }
}
