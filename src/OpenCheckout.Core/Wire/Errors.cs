using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>Every error carries two shapes: Stripe/Flex-docs <c>error</c> and the <c>detail</c> list
/// Flex's own client code reads (<c>detail[0].type</c>).</summary>
public sealed record ErrorBody(ErrorInfo Error, IReadOnlyList<ErrorDetail> Detail);

public sealed record ErrorInfo(
    [property: AllowedValues(
        "api_error", "authentication_error", "card_error", "idempotency_error", "invalid_request_error", "rate_limit_error")]
    string Type,
    string Code,
    string Message,
    string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeclineCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaymentIntent = null);

public sealed record ErrorDetail(IReadOnlyList<string> Loc, string Msg, string Type);
