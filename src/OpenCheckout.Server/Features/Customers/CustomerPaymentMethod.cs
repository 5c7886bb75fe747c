using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Customers;

/// <summary>A card saved for later payments (<c>setup_future_use</c>): the processor's token and what may be shown of the
/// card. Never its number or CVC. Its id is the payment method id of the payment that saved it.</summary>
public sealed class CustomerPaymentMethod : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string CustomerId { get; init; }
    /// <summary>What the processor charges: in test mode, how an off-session charge of the card ends (TestCardProcessor.SavedToken).</summary>
    public required string ProcessorToken { get; init; }
    public required string Brand { get; init; }
    public required string Last4 { get; init; }
    public int ExpMonth { get; init; }
    public int ExpYear { get; init; }
    public string? BillingName { get; init; }
    public string? BillingEmail { get; init; }
    /// <summary>Saved with <c>setup_future_use: off_session</c>: the merchant may charge it without the buyer.</summary>
    public bool OffSession { get; init; }
    public DateTime CreatedAt { get; init; }
}
