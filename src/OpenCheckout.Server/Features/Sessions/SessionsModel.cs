using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

sealed class CheckoutSessionConfiguration : IEntityTypeConfiguration<CheckoutSession>
{
    public void Configure(EntityTypeBuilder<CheckoutSession> e)
    {
        e.ToTable("CheckoutSessions");
        // Ids are ULIDs, so (account, mode, id) serves both lookups and newest-first cursor pages.
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.Id });
        // Status filters, newest first: a page seeks its status's range, however rare the status among the account's sessions.
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.Status, s.Id });
        // The expiry sweep: open sessions past expires_at, of every account.
        e.HasIndex(s => new { s.Status, s.ExpiresAt });
        // Lookups by client_reference_id, newest first. Partial: a session without one (most) writes no entry here;
        // with Id in the key a page needs no sort.
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.ClientReferenceId, s.Id }).HasFilter("\"ClientReferenceId\" IS NOT NULL");
        // The dashboard's filter by buyer email, newest first; partial as above (an unpaid session has no email).
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.CustomerEmail, s.Id }).HasFilter("\"CustomerEmail\" IS NOT NULL");
        // A payment link's sessions, newest first; partial as above (most sessions come from the API).
        e.HasIndex(s => new { s.AccountId, s.TestMode, s.PaymentLinkId, s.Id }).HasFilter("\"PaymentLinkId\" IS NOT NULL");
        // A test clock's advance: its open sessions by expiry. Sessions on no clock add no entry.
        e.HasIndex(s => new { s.TestClockId, s.Status, s.ExpiresAt }).HasFilter("\"TestClockId\" IS NOT NULL");
        e.Property(s => s.PaymentLinkId).HasMaxLength(64);
        e.Property(s => s.LineItems).HasJsonConversion(SessionColumnJson.Default.ListSessionLineItem);
        e.Property(s => s.Metadata).HasJsonConversion();
        e.Property(s => s.Defaults).HasNullableJsonConversion(SessionColumnJson.Default.SessionDefaults);
        e.Property(s => s.RefundIds).HasJsonConversion();
        e.Property(s => s.Discounts).HasJsonConversion(SessionColumnJson.Default.ListSessionDiscount);
        e.Property(s => s.Fees).HasJsonConversion(SessionColumnJson.Default.ListSessionFee);
        e.Property(s => s.ShippingOptions).HasJsonConversion(SessionColumnJson.Default.ListSessionShippingOption);
        e.Property(s => s.ShippingAllowedCountries).HasJsonConversion();
        e.Property(s => s.ShippingDetails).HasNullableJsonConversion(SessionColumnJson.Default.ShippingDetails);
        e.Property(s => s.CaptureMethod).HasMaxLength(20);
        e.Property(s => s.Subscription).HasNullableJsonConversion(SessionColumnJson.Default.SessionSubscription);
        e.Property(s => s.SubscriptionId).HasMaxLength(64);
    }
}

/// <summary>The session's JSON columns. Line items go through <see cref="SessionLineItemJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(SessionLineItemJson)], UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<SessionLineItem>))]
[JsonSerializable(typeof(List<SessionDiscount>))]
[JsonSerializable(typeof(List<SessionFee>))]
[JsonSerializable(typeof(List<SessionShippingOption>))]
[JsonSerializable(typeof(SessionDefaults))]
[JsonSerializable(typeof(ShippingDetails))]
[JsonSerializable(typeof(SessionSubscription))]
sealed partial class SessionColumnJson : JsonSerializerContext;

static class SessionsTables
{
    extension(CheckoutDb db)
    {
        public DbSet<CheckoutSession> CheckoutSessions => db.Set<CheckoutSession>();
    }
}
