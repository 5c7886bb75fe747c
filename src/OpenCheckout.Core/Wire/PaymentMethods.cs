using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>A customer's saved card (<c>fpm_</c>): what may be shown of it, never its number or CVC.</summary>
public sealed record CustomerPaymentMethod(
    string PaymentMethodId,
    string Customer,
    SavedCard Card,
    BillingDetails BillingDetails,
    bool OffSession,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>The same as <see cref="PaymentMethodId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => PaymentMethodId;
}

public sealed record SavedCard(string Brand, string Last4, int ExpMonth, int ExpYear, string? Funding, string? Country);

public sealed record BillingDetails(string? Name, string? Email);

public sealed record CustomerPaymentMethodEnvelope(CustomerPaymentMethod PaymentMethod);

public sealed record CustomerPaymentMethodList(IReadOnlyList<CustomerPaymentMethod> PaymentMethods, bool HasMore);
