namespace OpenCheckout.Server.Infrastructure.Errors;

/// <summary>Every error the API can return, in one place. Codes follow Stripe's where Stripe has one.</summary>
public static class ApiErrors
{
    const string InvalidRequest = "invalid_request_error";

    /// <summary>400 listing every field error found; the first one names the error.</summary>
    public static ApiError Invalid(IReadOnlyList<FieldError> fields) =>
        new(400, InvalidRequest, fields[0].Code, fields[0].Message, fields[0].Param) { Fields = fields };

    public static ApiError Invalid(string param, string code, string message) => Invalid([new FieldError(param, code, message)]);

    public static ApiError MalformedJson(string detail) =>
        new(400, InvalidRequest, "invalid_json", $"The request body is not valid JSON: {detail}");

    public static ApiError BodyNotObject() =>
        new(400, InvalidRequest, "invalid_json", "The request body must be a JSON object.");

    public static ApiError UnsupportedContentType(string? contentType) =>
        new(415, InvalidRequest, "unsupported_content_type",
            $"Request bodies must be sent as Content-Type: application/json (got '{contentType}').");

    /// <summary>A session whose object would pass <c>CreateSessionRequest.MaxSessionBytes</c> (contract section 6).</summary>
    public static ApiError SessionTooLarge(long bytes, long limit) =>
        new(400, InvalidRequest, "session_too_large", $"This checkout session would be {bytes} bytes as JSON, more than the {limit} allowed: "
            + "use fewer or shorter line items (their products' names and prices' descriptions), discounts, shipping options, fees or metadata.");

    public static ApiError BodyTooLarge(long limit) =>
        new(413, InvalidRequest, "body_too_large", $"The request body is larger than the {limit} bytes allowed.");

    public static ApiError MissingApiKey() =>
        new(401, "authentication_error", "api_key_missing",
            "You did not provide an API key. Send it as 'Authorization: Bearer fsk_test_...'.");

    public static ApiError InvalidApiKey() =>
        new(401, "authentication_error", "api_key_invalid", "Invalid API key provided.");

    /// <summary>A live session (or live payment link) of an account whose live mode has no processor to take the payment.</summary>
    public static ApiError ProcessorNotConfigured() =>
        new(400, InvalidRequest, "processor_not_configured", "Live payments need a payment processor, and this account has none: "
            + "the server's operator connects one with `processor set` (docs/processors.md). Test mode needs none.");

    /// <summary>A live operation the processor did not answer: whether it acted is unknown, and retrying is safe (the processor
    /// gets the same idempotency key again).</summary>
    public static ApiError ProcessorUnavailable() =>
        new(503, "api_error", "processor_unavailable", "The payment processor did not answer, so the outcome is not known yet. "
            + "Retry the request: the processor receives the same idempotency key and acts at most once.");

    /// <summary>The processor refused a live operation (<paramref name="code"/> and <paramref name="message"/> are its own): nothing was done.</summary>
    public static ApiError ProcessorRefused(string code, string message) => new(400, InvalidRequest, code, "The payment processor refused: " + message);

    public static ApiError NotFound(string objectName, string id) =>
        new(404, InvalidRequest, "resource_missing", $"No such {objectName}: '{id}'", "id");

    public static ApiError UnknownRoute(string method, string path) =>
        new(404, InvalidRequest, "resource_missing", $"Unrecognized request URL ({method}: {path}).");

    public static ApiError MethodNotAllowed(string method, string path) =>
        new(405, InvalidRequest, "method_not_allowed", $"{method} is not allowed on {path}.");

    public static ApiError PriceNotFound(string param, string priceId) =>
        new(422, InvalidRequest, "price_not_found", $"No such active price: '{priceId}'", param);

    public static ApiError ProductNotFound(string param, string productId) =>
        new(422, InvalidRequest, "product_not_found", $"No such product: '{productId}'", param);

    public static ApiError CustomerNotFound(string param, string customerId) =>
        new(422, InvalidRequest, "customer_not_found", $"No such customer: '{customerId}'", param);

    public static ApiError TestClockNotFound(string param, string testClockId) =>
        new(422, InvalidRequest, "test_clock_not_found", $"No such test clock: '{testClockId}'", param);

    public static ApiError CouponNotFound(string param, string couponId) =>
        new(422, InvalidRequest, "coupon_not_found", $"No such coupon: '{couponId}'", param);

    public static ApiError PaymentMethodNotFound(string param, string paymentMethodId, string? customerId) =>
        new(422, InvalidRequest, "payment_method_not_found", $"No such payment method: '{paymentMethodId}' is not a saved card of customer {customerId}.", param);

    public static ApiError PromoCodeNotFound(string param, string promoCodeId) =>
        new(422, InvalidRequest, "promo_code_not_found", $"No such promotion code: '{promoCodeId}'", param);

    /// <summary>The coupon reached its max_redemptions.</summary>
    public static ApiError CouponExpired(string param, string couponId) =>
        new(422, InvalidRequest, "coupon_expired", $"Coupon '{couponId}' has reached its max_redemptions and is no longer valid.", param);

    /// <summary>The coupon's applies_to names none of the session's prices or products.</summary>
    public static ApiError CouponNotApplicable(string param, string couponId) =>
        new(422, InvalidRequest, "coupon_not_applicable", $"Coupon '{couponId}' applies to none of the session's line items.", param);

    public static ApiError ShippingRateNotFound(string param, string shippingRateId) =>
        new(422, InvalidRequest, "shipping_rate_not_found", $"No such active shipping rate: '{shippingRateId}'", param);

    public static ApiError PaymentIntentNotFound(string param, string paymentIntentId) =>
        new(422, InvalidRequest, "payment_intent_not_found", $"No such payment intent: '{paymentIntentId}'", param);

    /// <summary>Only a succeeded payment can be refunded.</summary>
    public static ApiError PaymentIntentNotRefundable(string status) =>
        new(422, InvalidRequest, "payment_intent_unexpected_state",
            $"Only a succeeded payment intent can be refunded; this one is {status}.", "payment_intent_id");

    public static ApiError SessionNotRefundable(string status) =>
        new(422, InvalidRequest, "checkout_session_not_complete",
            $"Only complete (paid) checkout sessions can be refunded; this one is {status}.");

    public static ApiError SessionNotCapturable(string status) =>
        new(422, InvalidRequest, "checkout_session_not_complete",
            $"Only a complete checkout session with an authorized payment can be captured; this one is {status}.");

    /// <summary>Already captured, captured automatically, or its authorization released or lapsed (canceled).</summary>
    public static ApiError PaymentIntentNotCapturable(string status) =>
        new(409, InvalidRequest, "payment_intent_unexpected_state",
            $"Only a payment intent that requires_capture can be captured; this one is {status}{Released(status)}.");

    /// <summary>Releasing an authorization of a session that has none: it is open or expired (Stripe: expire it instead).</summary>
    public static ApiError SessionNotCancelable(string status) =>
        new(422, InvalidRequest, "checkout_session_not_complete",
            $"Only a complete checkout session with an authorized payment can be canceled; this one is {status}."
            + (status == "open" ? " Expire an open session instead." : ""));

    /// <summary>Captured (refund it instead), captured automatically, or already released or lapsed.</summary>
    public static ApiError PaymentIntentNotCancelable(string status) =>
        new(409, InvalidRequest, "payment_intent_unexpected_state",
            $"Only a payment intent that requires_capture can be canceled; this one is {status}{Released(status)}."
            + (status == "succeeded" ? " Refund it instead." : ""));

    static string Released(string status) => status == "canceled" ? " (its authorization was released, or lapsed uncaptured)" : "";

    public static ApiError CaptureAmountTooLarge(long requested, long capturable) =>
        new(400, InvalidRequest, "amount_too_large",
            $"amount_to_capture ({requested}) is greater than the amount authorized ({capturable}).", "amount_to_capture");

    /// <summary>A line-item refund names a price or product that is not on the session.</summary>
    public static ApiError LineItemNotFound(string param, string id) =>
        new(422, InvalidRequest, "line_item_not_found", $"The checkout session has no line item with price or product '{id}'.", param);

    /// <summary>More than remains to refund (of the payment, or of a line). Nothing was refunded.</summary>
    public static ApiError RefundAmountTooLarge(string param, long requested, long remaining) =>
        new(400, InvalidRequest, "amount_too_large",
            $"Refund amount ({requested}) is greater than the amount that remains to be refunded ({remaining}).", param);

    public static ApiError LineItemAlreadyRefunded(string param) =>
        new(400, InvalidRequest, "amount_too_large", "This line item has already been refunded in full.", param);

    public static ApiError ChargeAlreadyRefunded() =>
        new(400, InvalidRequest, "charge_already_refunded", "This payment has already been refunded in full.");

    public static ApiError ChargeDisputed() =>
        new(400, InvalidRequest, "charge_disputed", "This payment is disputed: what its disputes hold cannot be refunded.");

    /// <summary>Evidence and closing are for a dispute that <c>needs_response</c>; a submitted or closed one is past both.</summary>
    public static ApiError DisputeUnexpectedState(string status, string action) =>
        new(409, InvalidRequest, "dispute_unexpected_state", $"Only a dispute that needs_response can {action}; this one is {status}.");

    public static ApiError DisputeEvidencePastDue(long dueBy) =>
        new(409, InvalidRequest, "dispute_evidence_past_due",
            $"This dispute's evidence was due by {DateTimeOffset.FromUnixTimeSeconds(dueBy):u} (evidence_details.due_by): it can no longer be given.");

    /// <summary>All evidence text fields together, after the update, pass Stripe's limit.</summary>
    public static ApiError DisputeEvidenceTooLong(int limit) =>
        Invalid("evidence", "evidence_too_long", $"A dispute's evidence fields together may hold at most {limit} characters.");

    public static ApiError StateConflict(string code, string message) => new(409, InvalidRequest, code, message);

    public static ApiError TestModeOnly() =>
        new(404, InvalidRequest, "resource_missing", "Test helpers are available with test-mode keys only.");

    /// <summary>Live events reach a merchant through webhook endpoints; the stream is a developer's tool.</summary>
    public static ApiError EventStreamTestModeOnly() =>
        new(400, InvalidRequest, "test_mode_only",
            "The event stream is available with test-mode keys only (fsk_test_...): live events are delivered to webhook endpoints.");

    public static ApiError TooManyEventStreams(int max) =>
        new(429, "rate_limit_error", "too_many_event_streams",
            $"This account already has {max} event streams open on this server, the most it may have: close one, then retry (Retry-After).");

    public static ApiError CardDeclined(string code, string? declineCode, string message, string? param, string? paymentIntent) =>
        new(402, "card_error", code, message, param) { DeclineCode = declineCode, PaymentIntent = paymentIntent };

    public static ApiError IdempotencyMismatch() =>
        new(400, "idempotency_error", "idempotency_key_mismatch",
            "Keys for idempotent requests can only be used with the same parameters they were first used with.", "Idempotency-Key");

    public static ApiError IdempotencyInProgress() =>
        new(409, "idempotency_error", "idempotency_key_in_use",
            "A request with this Idempotency-Key is still being processed. Retry after it has finished.", "Idempotency-Key");

    public static ApiError WebhookEndpointsLimit(int max) =>
        new(400, InvalidRequest, "webhook_endpoints_limit", $"This account already has {max} webhook endpoints in this mode, the most it may have: delete one first.");

    public static ApiError RateLimited(int retryAfterSeconds) =>
        new(429, "rate_limit_error", "rate_limit", $"Too many requests with this API key. Retry after {retryAfterSeconds} s (Retry-After).");

    public static ApiError ServiceUnavailable(bool busy = false) =>
        new(503, "api_error", "service_unavailable", busy
            ? "The service has more writes waiting than it takes. Nothing was changed; retry in a moment."
            : "The database did not answer in time (unreachable, or busy with this object). Nothing was changed; retry in a moment.");

    public static ApiError Internal(string requestId) =>
        new(500, "api_error", "internal_error", $"Something went wrong on our side. Quote request id {requestId} when reporting it.");
}
