using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

internal sealed class PaymentIntentEntity
{
    public required string Id { get; init; }
    public required string ClientSecret { get; init; }
    public required long Amount { get; set; }
    public required string Currency { get; init; }
    public required string CaptureMethod { get; init; }
    public required long Created { get; init; }
    public string Status { get; set; } = "requires_payment_method";
    public long AmountCapturable { get; set; }
    public long AmountReceived { get; set; }
    public CardEntity? PaymentMethod { get; set; }
    public string? CustomerId { get; set; }
    public string? Description { get; set; }
    public string? SetupFutureUsage { get; set; }
    public string? CancellationReason { get; set; }
    public long? CanceledAt { get; set; }
    public List<string> PaymentMethodTypes { get; init; } = ["card"];
    public Dictionary<string, string> Metadata { get; init; } = [];
    public ChargeEntity? LatestCharge { get; set; }
    /// <summary>The last_payment_error object (already holding its payment_method), or null.</summary>
    public JsonObject? LastPaymentError { get; set; }
    public bool AwaitingAuthentication => Status == "requires_action";

    public JsonObject Json(IReadOnlyCollection<string> expand) => new()
    {
        ["id"] = Id, ["object"] = "payment_intent", ["amount"] = Amount, ["amount_capturable"] = AmountCapturable,
        ["amount_details"] = new JsonObject { ["tip"] = new JsonObject() }, ["amount_received"] = AmountReceived,
        ["application"] = null, ["application_fee_amount"] = null, ["automatic_payment_methods"] = null,
        ["canceled_at"] = CanceledAt, ["cancellation_reason"] = CancellationReason, ["capture_method"] = CaptureMethod,
        ["client_secret"] = ClientSecret, ["confirmation_method"] = "automatic", ["created"] = Created, ["currency"] = Currency,
        ["customer"] = CustomerId, ["description"] = Description, ["last_payment_error"] = LastPaymentError?.DeepClone(),
        ["latest_charge"] = LatestCharge is null ? null : expand.Contains("latest_charge") ? LatestCharge.Json() : LatestCharge.Id,
        ["livemode"] = false, ["metadata"] = Entity.Map(Metadata), ["next_action"] = NextAction(),
        ["on_behalf_of"] = null,
        ["payment_method"] = PaymentMethod is null ? null : expand.Contains("payment_method") ? PaymentMethod.Json() : PaymentMethod.Id,
        ["payment_method_options"] = new JsonObject
        {
            ["card"] = new JsonObject { ["installments"] = null, ["mandate_options"] = null, ["network"] = null, ["request_three_d_secure"] = "automatic" },
        },
        ["payment_method_types"] = new JsonArray(PaymentMethodTypes.Select(t => (JsonNode?)t).ToArray()),
        ["processing"] = null, ["receipt_email"] = null, ["review"] = null, ["setup_future_usage"] = SetupFutureUsage,
        ["shipping"] = null, ["statement_descriptor"] = null, ["statement_descriptor_suffix"] = null, ["status"] = Status,
        ["transfer_data"] = null, ["transfer_group"] = null,
    };

    // What Stripe.js reads to run 3-D Secure; the stand-in only needs the type, the rest mirrors Stripe's shape.
    JsonObject? NextAction() => AwaitingAuthentication
        ? new JsonObject
        {
            ["type"] = "use_stripe_sdk",
            ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect", ["stripe_js"] = "", ["source"] = "src_" + Id[3..] },
        }
        : null;
}
