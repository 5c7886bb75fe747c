using System.Text.Json;
using System.Text.Json.Serialization;
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
        e.Property(p => p.CaptureMethod).HasMaxLength(20);
        e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
    }
}

sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> e)
    {
        e.ToTable("Customers");
        e.Property(c => c.Metadata).HasJsonConversion();
        e.Property(c => c.Shipping).HasNullableJsonConversion(CustomerColumnJson.Default.CustomerShipping);
        // One live customer per email and mode: a deleted customer's email may be used again.
        e.HasIndex(c => new { c.AccountId, c.TestMode, c.Email }).IsUnique().HasFilter("\"DeletedAt\" IS NULL");
        e.HasIndex(c => new { c.AccountId, c.TestMode, c.Id });
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Wire.CustomerShipping))]
sealed partial class CustomerColumnJson : JsonSerializerContext;

static class PaymentsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<PaymentIntent> PaymentIntents => db.Set<PaymentIntent>();
        public DbSet<Customer> Customers => db.Set<Customer>();
    }
}
