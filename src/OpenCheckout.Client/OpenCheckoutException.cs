using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client;

/// <summary>Any failed API call: the server's error (<see cref="Type"/>, <see cref="Code"/>, <see cref="Param"/>, ...)
/// or, with <see cref="StatusCode"/> null and <see cref="Type"/> <c>api_connection_error</c>, no answer at all after
/// the retries ran out.</summary>
public sealed class OpenCheckoutException : Exception
{
    public OpenCheckoutException(string message, string type, string? code, HttpStatusCode? statusCode = null, string? param = null,
        string? requestId = null, string? declineCode = null, string? paymentIntent = null, IReadOnlyList<ErrorDetail>? details = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Type = type;
        Code = code;
        StatusCode = statusCode;
        Param = param;
        RequestId = requestId;
        DeclineCode = declineCode;
        PaymentIntent = paymentIntent;
        Details = details ?? [];
    }

    /// <summary><c>invalid_request_error</c>, <c>authentication_error</c>, <c>card_error</c>, <c>idempotency_error</c>,
    /// <c>rate_limit_error</c>, <c>api_error</c>, or <c>api_connection_error</c> when no answer came.</summary>
    public string Type { get; }

    /// <summary>The stable error code, e.g. <c>price_not_found</c>, <c>resource_missing</c>, <c>card_declined</c>.</summary>
    public string? Code { get; }

    /// <summary>The HTTP status; null when the server could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The request field at fault, e.g. <c>line_items[0].price</c>.</summary>
    public string? Param { get; }

    /// <summary>The <c>Request-Id</c> response header (<c>req_...</c>): quote it when reporting a problem.</summary>
    public string? RequestId { get; }

    /// <summary>For card errors, the issuer's reason, e.g. <c>insufficient_funds</c>.</summary>
    public string? DeclineCode { get; }

    /// <summary>For card errors, the payment intent that records the declined attempt.</summary>
    public string? PaymentIntent { get; }

    /// <summary>One entry per field error (the contract's <c>detail</c> list).</summary>
    public IReadOnlyList<ErrorDetail> Details { get; }
}

/// <summary>A webhook whose signature does not verify, or whose timestamp is outside the tolerance: do not act on it.</summary>
public sealed class WebhookSignatureException(string message) : Exception(message);
