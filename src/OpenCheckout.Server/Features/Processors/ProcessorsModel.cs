using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Processors;

sealed class AccountProcessorConfiguration : IEntityTypeConfiguration<AccountProcessor>
{
    public void Configure(EntityTypeBuilder<AccountProcessor> e)
    {
        e.ToTable("AccountProcessors");
        e.HasKey(p => p.AccountId);
        e.Property(p => p.AccountId).HasMaxLength(40);
        e.Property(p => p.Kind).HasMaxLength(20);
        e.Property(p => p.PublishableKey).HasMaxLength(255);
        e.Property(p => p.SecretKeyLast4).HasMaxLength(4);
    }
}

static class ProcessorsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<AccountProcessor> AccountProcessors => db.Set<AccountProcessor>();
    }
}
