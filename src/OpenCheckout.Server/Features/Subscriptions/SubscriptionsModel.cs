using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Subscriptions;

sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> e)
    {
        e.ToTable("Subscriptions");
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.Id });
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.CustomerId, s.Id });
        // Renewals, of every account in real time or of one test clock: subscriptions whose period has ended, or whose
        // cancel_at has come.
        e.HasIndex(s => new { s.TestClockId, s.Status, s.CurrentPeriodEnd });
        e.HasIndex(s => new { s.TestClockId, s.CancelAt }).HasFilter("\"CancelAt\" IS NOT NULL");
        e.Property(s => s.Status).HasMaxLength(20);
        e.Property(s => s.Interval).HasConversion<string>().HasMaxLength(8);
        e.Property(s => s.Items).HasJsonConversion(SubscriptionColumnJson.Default.ListSubscriptionItem);
        e.Property(s => s.PendingItems).HasNullableJsonConversion(SubscriptionColumnJson.Default.ListSubscriptionItem);
        e.Property(s => s.Metadata).HasJsonConversion();
        e.Ignore(s => s.Recurrence);
    }
}

sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> e)
    {
        e.ToTable("Invoices");
        e.HasIndex(i => new { i.AccountId, i.TestMode, i.Id });
        e.HasIndex(i => new { i.AccountId, i.TestMode, i.CustomerId, i.Id });
        // A period is invoiced once, whichever node renews it.
        e.HasIndex(i => new { i.SubscriptionId, i.PeriodStart }).IsUnique();
        // Retries: open invoices whose next attempt is due.
        e.HasIndex(i => new { i.TestClockId, i.Status, i.NextPaymentAttempt });
        e.Property(i => i.Status).HasMaxLength(20);
        e.Property(i => i.BillingReason).HasMaxLength(32);
        e.Property(i => i.Lines).HasJsonConversion(SubscriptionColumnJson.Default.ListInvoiceLine);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<SubscriptionItem>))]
[JsonSerializable(typeof(List<InvoiceLine>))]
sealed partial class SubscriptionColumnJson : JsonSerializerContext;

static class SubscriptionsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<Subscription> Subscriptions => db.Set<Subscription>();
        public DbSet<Invoice> Invoices => db.Set<Invoice>();
    }
}
