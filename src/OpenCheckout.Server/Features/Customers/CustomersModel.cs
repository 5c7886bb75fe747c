using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Customers;

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
        // Deleting a test clock deletes its customers.
        e.HasIndex(c => c.TestClockId).HasFilter("\"TestClockId\" IS NOT NULL");
    }
}

sealed class CustomerPaymentMethodConfiguration : IEntityTypeConfiguration<CustomerPaymentMethod>
{
    public void Configure(EntityTypeBuilder<CustomerPaymentMethod> e)
    {
        e.ToTable("CustomerPaymentMethods");
        e.HasIndex(m => new { m.AccountId, m.TestMode, m.CustomerId, m.Id });
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Wire.CustomerShipping))]
sealed partial class CustomerColumnJson : JsonSerializerContext;

static class CustomersTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Customer> Customers => db.Set<Customer>();
        public DbSet<CustomerPaymentMethod> CustomerPaymentMethods => db.Set<CustomerPaymentMethod>();
    }
}
