using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Refunds;

sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> e)
    {
        e.ToTable("Refunds");
        e.HasIndex(r => new { r.AccountId, r.TestMode, r.Id });
        e.HasIndex(r => new { r.PaymentIntentId, r.Id });
        e.HasIndex(r => new { r.SessionId, r.Id });
        e.Property(r => r.Metadata).HasJsonConversion();
        e.Property(r => r.Lines).HasJsonConversion(RefundColumnJson.Default.ListRefundLine);
        e.Property(r => r.ProcessorRefundId).HasMaxLength(255);
        // LiveRefundWorker's query: live refunds not yet sent to the processor.
        e.HasIndex(r => new { r.Status, r.CreatedAt }).HasFilter("\"ProcessorRefundId\" IS NULL AND NOT \"TestMode\"");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<RefundLine>))]
sealed partial class RefundColumnJson : JsonSerializerContext;

static class RefundsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Refund> Refunds => db.Set<Refund>();
    }
}
