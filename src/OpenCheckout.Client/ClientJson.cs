using System.Text.Json.Serialization;
using OpenCheckout.Wire;

namespace OpenCheckout.Client;

sealed record EventEnvelope(WebhookEvent Event);

sealed record EventList(IReadOnlyList<WebhookEvent> Events, bool HasMore);

/// <summary>Source-generated JSON for what only the client sends or reads: the same snake_case as <see cref="WireJson"/>,
/// but nulls left out, so a request sets only what the caller set.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(UpdateProductRequest))]
[JsonSerializable(typeof(CreateCustomerRequest))]
[JsonSerializable(typeof(CreateTestClockRequest))]
[JsonSerializable(typeof(AdvanceTestClockRequest))]
[JsonSerializable(typeof(UpdateCustomerRequest))]
[JsonSerializable(typeof(CreatePriceRequest))]
[JsonSerializable(typeof(UpdatePriceRequest))]
[JsonSerializable(typeof(CreateCheckoutSessionRequest))]
[JsonSerializable(typeof(CaptureCheckoutSessionRequest))]
[JsonSerializable(typeof(UpdateCaptureRequest))]
[JsonSerializable(typeof(UpdateSubscriptionRequest))]
[JsonSerializable(typeof(CreateCouponRequest))]
[JsonSerializable(typeof(CreatePromoCodeRequest))]
[JsonSerializable(typeof(UpdatePromoCodeRequest))]
[JsonSerializable(typeof(CreatePaymentLinkRequest))]
[JsonSerializable(typeof(UpdatePaymentLinkRequest))]
[JsonSerializable(typeof(CreateShippingRateRequest))]
[JsonSerializable(typeof(RefundCheckoutSessionRequest))]
[JsonSerializable(typeof(CreateRefundRequest))]
[JsonSerializable(typeof(UpdateRefundRequest))]
[JsonSerializable(typeof(UpdateDisputeRequest))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(UpdateWebhookRequest))]
[JsonSerializable(typeof(PayCheckoutSessionRequest))]
[JsonSerializable(typeof(RetryEventRequest))]
[JsonSerializable(typeof(WebhookEvent))]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(EventList))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
sealed partial class ClientJson : JsonSerializerContext;
