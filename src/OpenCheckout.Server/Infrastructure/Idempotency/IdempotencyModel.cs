using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> e)
    {
        e.ToTable("IdempotencyRecords");
        e.HasKey(r => new { r.AccountId, r.TestMode, r.Method, r.Path, r.Key, r.RequestHash });
        e.HasIndex(r => r.CreatedAt);
    }
}

static class IdempotencyTables
{
    extension(CheckoutDb db)
    {
        public DbSet<IdempotencyRecord> IdempotencyRecords => db.Set<IdempotencyRecord>();
    }
}
