using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>One live payment attempt at a remote processor, committed before the call. Its id is the idempotency key the
/// processor gets, so asking again after a lost answer (a crash, a timeout) finds the one payment the call made; it keeps
/// every parameter of the call, because the processor refuses a key reused with other parameters, and the buyer's details,
/// so that whichever node learns the outcome commits it the way the page would have.</summary>
public sealed class ProcessorAttempt
{
    /// <summary><c>{payment intent id}-{attempt number}</c>.</summary>
    public required string Id { get; init; }
    public required string PaymentIntentId { get; init; }
    public required string SessionId { get; init; }
    public required string AccountId { get; init; }
    public required string Status { get; set; }
    public long Amount { get; init; }
    public required string Currency { get; init; }
    public bool ManualCapture { get; init; }
    /// <summary>The processor's payment method (Stripe.js made it on the page): a token, never card data.</summary>
    public required string PaymentMethodToken { get; init; }
    public required string ReturnUrl { get; init; }
    public required string Email { get; init; }
    public required string Name { get; init; }
    public ShippingDetails? Shipping { get; init; }
    public string? ShippingRateId { get; init; }
    public long? ExpectedTotal { get; init; }
    /// <summary>The processor's payment (Stripe's pi_…), once it has answered.</summary>
    public string? ProcessorPaymentId { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ResolvedAt { get; set; }
}

public static class ProcessorAttemptStatus
{
    /// <summary>Committed before the call; the answer is not known yet (or was lost): the reconciliation worker asks again.</summary>
    public const string Pending = "pending";
    /// <summary>The processor wants the buyer (3-D Secure); the page confirms once the buyer is done.</summary>
    public const string RequiresAction = "requires_action";
    public const string Succeeded = "succeeded";
    public const string Declined = "declined";
    /// <summary>The processor refused the call itself (not a decline): nothing was charged.</summary>
    public const string Failed = "failed";
    /// <summary>Charged, but the session could no longer take it (it expired, its coupon ran out): the charge is being undone.</summary>
    public const string Reversing = "reversing";
    public const string Reversed = "reversed";
}

sealed class ProcessorAttemptConfiguration : IEntityTypeConfiguration<ProcessorAttempt>
{
    public void Configure(EntityTypeBuilder<ProcessorAttempt> e)
    {
        e.ToTable("ProcessorAttempts");
        e.Property(a => a.Id).HasMaxLength(80);
        e.Property(a => a.Status).HasMaxLength(20);
        e.Property(a => a.PaymentMethodToken).HasMaxLength(255);
        e.Property(a => a.ProcessorPaymentId).HasMaxLength(255);
        e.Property(a => a.Shipping).HasNullableJsonConversion(SessionColumnJson.Default.ShippingDetails);
        e.HasIndex(a => a.PaymentIntentId);
        // The reconciliation worker's query: unresolved attempts, oldest first.
        e.HasIndex(a => new { a.Status, a.CreatedAt });
    }
}

public static class ProcessorPayments
{
    /// <summary>The processor's payment (Stripe's pi_…) behind a live payment intent: its successful attempt's.</summary>
    public static Task<string?> IdAsync(CheckoutDb db, string paymentIntentId, CancellationToken ct) =>
        db.ProcessorAttempts.AsNoTracking().Where(a => a.PaymentIntentId == paymentIntentId && a.Status == ProcessorAttemptStatus.Succeeded)
            .Select(a => a.ProcessorPaymentId).FirstOrDefaultAsync(ct);
}

static class ProcessorAttemptTables
{
    extension(CheckoutDb db)
    {
        public DbSet<ProcessorAttempt> ProcessorAttempts => db.Set<ProcessorAttempt>();
    }
}
