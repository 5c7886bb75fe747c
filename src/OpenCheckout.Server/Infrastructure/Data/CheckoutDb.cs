using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Webhooks;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>The one model, shared by every provider. Provider subclasses (<see cref="SqliteCheckoutDb"/>)
/// hold only provider tweaks and their own migrations, so queries are written once.</summary>
public abstract class CheckoutDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Price> Prices => Set<Price>();
    public DbSet<Coupon> Coupons => Set<Coupon>();
    public DbSet<ShippingRate> ShippingRates => Set<ShippingRate>();
    public DbSet<CheckoutSession> CheckoutSessions => Set<CheckoutSession>();
    public DbSet<PaymentIntent> PaymentIntents => Set<PaymentIntent>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<Dispute> Disputes => Set<Dispute>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>Set when this unit of work recorded events, so the dispatcher is woken once it commits.</summary>
    public bool HasNewEvents { get; set; }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Account>(e =>
        {
            e.Property(a => a.Id).HasMaxLength(40);
            e.Property(a => a.Name).HasMaxLength(200);
        });

        model.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Id).HasMaxLength(40);
            e.HasIndex(k => k.AccountId);
        });

        model.Entity<Product>(e =>
        {
            e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
            e.Property(p => p.Metadata).HasJsonConversion();
            e.Property(p => p.ImageUrls).HasJsonConversion();
            e.Property(p => p.Categories).HasJsonConversion();
        });

        model.Entity<Price>(e =>
        {
            e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
            e.HasIndex(p => new { p.AccountId, p.TestMode, p.ProductId });
            e.Property(p => p.Metadata).HasJsonConversion();
        });

        model.Entity<Coupon>(e =>
        {
            e.HasIndex(c => new { c.AccountId, c.TestMode, c.Id });
            e.Ignore(c => c.Valid);
            e.Property(c => c.AppliesToPrices).HasJsonConversion();
            e.Property(c => c.AppliesToProducts).HasJsonConversion();
            e.Property(c => c.Metadata).HasJsonConversion();
        });

        model.Entity<ShippingRate>(e =>
        {
            e.HasIndex(r => new { r.AccountId, r.TestMode, r.Id });
            e.Property(r => r.Metadata).HasJsonConversion();
        });

        model.Entity<CheckoutSession>(e =>
        {
            // Ids are ULIDs, so (account, mode, id) serves both lookups and newest-first cursor pages.
            e.HasIndex(s => new { s.AccountId, s.TestMode, s.Id });
            // Status filters, newest first: a page seeks its status's range, however rare the status among the account's sessions.
            e.HasIndex(s => new { s.AccountId, s.TestMode, s.Status, s.Id });
            // The expiry sweep: open sessions past expires_at, of every account.
            e.HasIndex(s => new { s.Status, s.ExpiresAt });
            // Lookups by client_reference_id, newest first. Partial: a session without one (most) writes no entry here, which
            // was a fifth of the pages each group commit wrote; with Id in the key a page needs no sort.
            e.HasIndex(s => new { s.AccountId, s.TestMode, s.ClientReferenceId, s.Id }).HasFilter("\"ClientReferenceId\" IS NOT NULL");
            e.Property(s => s.LineItems).HasJsonConversion();
            e.Property(s => s.Metadata).HasJsonConversion();
            e.Property(s => s.Defaults).HasNullableJsonConversion();
            e.Property(s => s.RefundIds).HasJsonConversion();
            e.Property(s => s.Discounts).HasJsonConversion();
            e.Property(s => s.Fees).HasJsonConversion();
            e.Property(s => s.ShippingOptions).HasJsonConversion();
            e.Property(s => s.ShippingAllowedCountries).HasJsonConversion();
            e.Property(s => s.ShippingDetails).HasNullableJsonConversion();
            e.Property(s => s.CaptureMethod).HasMaxLength(20);
        });

        model.Entity<PaymentIntent>(e =>
        {
            // One payment intent per session: concurrent first attempts cannot both create one.
            e.HasIndex(p => p.SessionId).IsUnique();
            e.Property(p => p.CaptureMethod).HasMaxLength(20);
            e.HasIndex(p => new { p.AccountId, p.TestMode, p.Id });
        });

        model.Entity<Customer>(e =>
        {
            e.HasIndex(c => new { c.AccountId, c.TestMode, c.Email }).IsUnique();
            e.HasIndex(c => new { c.AccountId, c.TestMode, c.Id });
        });

        model.Entity<Refund>(e =>
        {
            e.HasIndex(r => new { r.AccountId, r.TestMode, r.Id });
            e.HasIndex(r => new { r.PaymentIntentId, r.Id });
            e.HasIndex(r => new { r.SessionId, r.Id });
            e.Property(r => r.Metadata).HasJsonConversion();
            e.Property(r => r.Lines).HasJsonConversion();
        });

        model.Entity<Dispute>(e =>
        {
            e.HasIndex(d => new { d.AccountId, d.TestMode, d.Id });
            // The worker's query: scheduled disputes that are due.
            e.HasIndex(d => new { d.OpenedAt, d.OpensAt });
            e.HasIndex(d => d.PaymentIntentId);
        });

        model.Entity<Event>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.TestMode, x.Id });
            e.HasIndex(x => new { x.AccountId, x.TestMode, x.Type, x.Id });
        });

        model.Entity<WebhookEndpoint>(e =>
        {
            e.HasIndex(x => new { x.AccountId, x.TestMode, x.Id });
            e.Property(x => x.Events).HasJsonConversion();
        });

        model.Entity<WebhookDelivery>(e =>
        {
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => new { x.EventId, x.EndpointId }).IsUnique();
            e.HasIndex(x => x.LockToken);
            e.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<WebhookAttempt>(e =>
        {
            e.HasIndex(x => new { x.EndpointId, x.Id });
            e.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(r => new { r.AccountId, r.TestMode, r.Method, r.Path, r.Key });
            e.HasIndex(r => r.CreatedAt);
        });
    }
}
