using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

public sealed record PaymentIntent(
    string PaymentIntentId,
    long Amount,
    long AmountReceived,
    long AmountRefunded,
    string Currency,
    [property: AllowedValues("requires_payment_method", "requires_capture", "succeeded", "canceled")] string Status,
    string? CheckoutSession,
    string? Customer,
    PaymentMethod? PaymentMethod,
    PaymentError? LastPaymentError,
    long CreatedAt,
    bool TestMode,
    [property: AllowedValues("automatic", "manual")] string CaptureMethod = "automatic",
    long AmountCapturable = 0)
{
    /// <summary>The subscription invoice a renewal collected with it (<c>finv_</c>); null for a checkout session's.</summary>
    public string? Invoice { get; init; }

    /// <summary>The same as <see cref="PaymentIntentId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => PaymentIntentId;
}

/// <summary>The charge behind a payment attempt, as charge.* events carry it.</summary>
public sealed record Charge(
    string ChargeId,
    string PaymentIntent,
    string? CheckoutSession,
    string? Customer,
    long Amount,
    long AmountCaptured,
    long AmountRefunded,
    string Currency,
    [property: AllowedValues("succeeded", "failed")] string Status,
    bool Paid,
    bool Refunded,
    string? FailureCode,
    string? FailureMessage,
    PaymentMethod? PaymentMethod,
    long CreatedAt,
    bool TestMode)
{
    /// <summary>False while only authorized (<c>capture_method: manual</c>), and for an authorization released or lapsed
    /// uncaptured (Stripe's field).</summary>
    public bool Captured { get; init; }

    /// <summary>The same as <see cref="ChargeId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => ChargeId;
}

public sealed record PaymentMethod(string PaymentMethodId, Card Card)
{
    /// <summary>The same as <see cref="PaymentMethodId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => PaymentMethodId;
}

public sealed record Card(string Brand, string Last4, int ExpMonth, int ExpYear);

public sealed record PaymentError(string Type, string Code, string? DeclineCode, string Message);

/// <summary>A buyer: made by <c>POST /v1/customers</c>, or found (by email) or made when a session is paid. <see cref="Name"/> is
/// the first and last name when either is set, else the name the buyer paid with.</summary>
public sealed record Customer(string CustomerId, string? Email, string? Name, long CreatedAt, bool TestMode)
{
    /// <summary>The same as <see cref="CustomerId"/>, under the name Stripe.net's objects use; not sent on the wire.</summary>
    [JsonIgnore] public string Id => CustomerId;
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Phone { get; init; }
    public CustomerShipping? Shipping { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>The test clock (<c>fclock_</c>) the customer was made on, or null: its sessions and payments run on that clock's time.</summary>
    public string? TestClock { get; init; }
}

/// <summary>Flex's customer shipping address; every part optional.</summary>
public sealed record CustomerShipping(string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country);

/// <summary>What <c>DELETE /v1/customers/{id}</c> answers: the customer as it was, and <c>deleted: true</c>.</summary>
public sealed record DeletedCustomerEnvelope(Customer Customer, bool Deleted);

public sealed record PaymentIntentEnvelope(PaymentIntent PaymentIntent);

public sealed record PaymentIntentList(IReadOnlyList<PaymentIntent> PaymentIntents, bool HasMore);

public sealed record CustomerEnvelope(Customer Customer);

public sealed record CustomerList(IReadOnlyList<Customer> Customers, bool HasMore);
