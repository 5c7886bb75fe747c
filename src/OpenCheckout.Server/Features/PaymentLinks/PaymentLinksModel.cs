using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.PaymentLinks;

sealed class PaymentLinkConfiguration : IEntityTypeConfiguration<PaymentLink>
{
    public void Configure(EntityTypeBuilder<PaymentLink> e)
    {
        e.ToTable("PaymentLinks");
        // Lists are of active links, newest first (ids are ULIDs).
        e.HasIndex(l => new { l.AccountId, l.TestMode, l.Active, l.Id });
        e.Property(l => l.LineItems).HasJsonConversion(PaymentLinkColumnJson.Default.ListPaymentLinkLine);
        e.Property(l => l.ShippingRateIds).HasJsonConversion();
        e.Property(l => l.ShippingAllowedCountries).HasJsonConversion();
        e.Property(l => l.CouponIds).HasJsonConversion();
        e.Property(l => l.PaymentIntentMetadata).HasJsonConversion();
        e.Property(l => l.Metadata).HasJsonConversion();
        e.Property(l => l.Label).HasMaxLength(PaymentLink.LabelLength);
        e.Property(l => l.ConfirmationMessage).HasMaxLength(PaymentLink.MessageLength);
        e.Property(l => l.CaptureMethod).HasMaxLength(20);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<PaymentLinkLine>))]
sealed partial class PaymentLinkColumnJson : JsonSerializerContext;

static class PaymentLinksTables
{
    extension(CheckoutDb db)
    {
        public DbSet<PaymentLink> PaymentLinks => db.Set<PaymentLink>();
    }
}
