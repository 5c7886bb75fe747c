using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

// The fake's stored objects. Each renders itself in the shape Stripe.net 53.1.0 reads (API 2026-10-28.endive), which
// is also checked against the 2020-08-27 schemas kept in the subset (see FakeStripeTests.ResponsesHaveTheirSchemasRequiredFields).

internal sealed class CardEntity
{
    public required string Id { get; init; }
    public required CardBehaviour Behaviour { get; init; }
    public required string Brand { get; init; }
    public required string Last4 { get; init; }
    public required long ExpMonth { get; init; }
    public required long ExpYear { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? CustomerId { get; set; }
    public required long Created { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];

    public JsonObject Json() => new()
    {
        ["id"] = Id, ["object"] = "payment_method",
        ["allow_redisplay"] = "unspecified",
        ["billing_details"] = new JsonObject
        {
            ["address"] = new JsonObject { ["city"] = null, ["country"] = null, ["line1"] = null, ["line2"] = null, ["postal_code"] = null, ["state"] = null },
            ["email"] = Email, ["name"] = Name, ["phone"] = null,
        },
        ["card"] = CardDetails(),
        ["created"] = Created, ["customer"] = CustomerId, ["livemode"] = false,
        ["metadata"] = Entity.Map(Metadata), ["type"] = "card",
    };

    public JsonObject CardDetails() => new()
    {
        ["brand"] = Brand,
        ["checks"] = new JsonObject { ["address_line1_check"] = null, ["address_postal_code_check"] = null, ["cvc_check"] = "pass" },
        ["country"] = "US", ["display_brand"] = Brand, ["exp_month"] = ExpMonth, ["exp_year"] = ExpYear,
        ["fingerprint"] = Id.Length > 8 ? Id[^8..] : Id, ["funding"] = "credit", ["last4"] = Last4,
        ["networks"] = new JsonObject { ["available"] = new JsonArray(Brand), ["preferred"] = null },
        ["three_d_secure_usage"] = new JsonObject { ["supported"] = true }, ["wallet"] = null,
    };
}

internal sealed class CustomerEntity
{
    public required string Id { get; init; }
    public string? Email { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public required long Created { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];

    public JsonObject Json() => new()
    {
        ["id"] = Id, ["object"] = "customer", ["address"] = null, ["balance"] = 0, ["created"] = Created, ["currency"] = null,
        ["default_source"] = null, ["delinquent"] = false, ["description"] = Description, ["discount"] = null, ["email"] = Email,
        ["invoice_prefix"] = Id[^8..].ToUpperInvariant(),
        ["invoice_settings"] = new JsonObject { ["custom_fields"] = null, ["default_payment_method"] = null, ["footer"] = null, ["rendering_options"] = null },
        ["livemode"] = false, ["metadata"] = Entity.Map(Metadata), ["name"] = Name, ["next_invoice_sequence"] = 1, ["phone"] = null,
        ["preferred_locales"] = new JsonArray(), ["shipping"] = null, ["tax_exempt"] = "none", ["test_clock"] = null,
    };
}

internal sealed class ChargeEntity
{
    public required string Id { get; init; }
    public required PaymentIntentEntity Intent { get; init; }
    public required CardEntity Card { get; init; }
    public required string Status { get; set; }
    public required long Amount { get; init; }
    public long AmountCaptured { get; set; }
    public long AmountRefunded { get; set; }
    public bool Disputed { get; set; }
    public CardDecline? Failure { get; init; }
    public required long Created { get; init; }

    public JsonObject Json() => new()
    {
        ["id"] = Id, ["object"] = "charge", ["amount"] = Amount, ["amount_captured"] = AmountCaptured,
        ["amount_refunded"] = AmountRefunded, ["balance_transaction"] = null, ["billing_details"] = Card.Json()["billing_details"]!.DeepClone(),
        ["captured"] = AmountCaptured > 0, ["created"] = Created, ["currency"] = Intent.Currency, ["customer"] = Intent.CustomerId,
        ["description"] = Intent.Description, ["disputed"] = Disputed, ["failure_code"] = Failure?.Code,
        ["failure_message"] = Failure?.Message, ["livemode"] = false, ["metadata"] = Entity.Map(Intent.Metadata),
        ["outcome"] = new JsonObject
        {
            ["network_status"] = Failure is null ? "approved_by_network" : "declined_by_network",
            ["reason"] = Failure?.DeclineCode, ["risk_level"] = "normal", ["seller_message"] = Failure is null ? "Payment complete." : "The bank did not return any further details with this decline.",
            ["type"] = Failure is null ? "authorized" : "issuer_declined",
        },
        ["paid"] = Status == "succeeded", ["payment_intent"] = Intent.Id, ["payment_method"] = Card.Id,
        ["payment_method_details"] = new JsonObject { ["type"] = "card", ["card"] = Card.CardDetails() },
        ["refunded"] = AmountRefunded > 0 && AmountRefunded >= AmountCaptured, ["status"] = Status,
    };
}

internal sealed class RefundEntity
{
    public required string Id { get; init; }
    public required ChargeEntity Charge { get; init; }
    public required long Amount { get; init; }
    public string? Reason { get; init; }
    public required string Status { get; set; }
    public required long Created { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];

    public JsonObject Json() => new()
    {
        ["id"] = Id, ["object"] = "refund", ["amount"] = Amount, ["balance_transaction"] = null, ["charge"] = Charge.Id,
        ["created"] = Created, ["currency"] = Charge.Intent.Currency, ["destination_details"] = new JsonObject
        {
            ["type"] = "card", ["card"] = new JsonObject { ["reference_status"] = "pending", ["reference_type"] = "acquirer_reference_number", ["type"] = "refund" },
        },
        ["metadata"] = Entity.Map(Metadata), ["payment_intent"] = Charge.Intent.Id, ["reason"] = Reason,
        ["receipt_number"] = null, ["source_transfer_reversal"] = null, ["status"] = Status, ["transfer_reversal"] = null,
    };
}

internal sealed class DisputeEntity
{
    public required string Id { get; init; }
    public required ChargeEntity Charge { get; init; }
    public required string Status { get; set; }
    public required long Created { get; init; }

    public JsonObject Json() => new()
    {
        ["id"] = Id, ["object"] = "dispute", ["amount"] = Charge.AmountCaptured, ["balance_transactions"] = new JsonArray(),
        ["charge"] = Charge.Id, ["created"] = Created, ["currency"] = Charge.Intent.Currency, ["evidence"] = new JsonObject(),
        ["is_charge_refundable"] = false, ["livemode"] = false, ["metadata"] = new JsonObject(),
        ["payment_intent"] = Charge.Intent.Id, ["reason"] = "fraudulent", ["status"] = Status,
    };
}

internal static class Entity
{
    public static JsonObject Map(Dictionary<string, string> map) => new(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    public static string NewId(string prefix) => prefix + "_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
}
