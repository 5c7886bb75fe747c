using System.Text.Json.Serialization;

namespace OpenCheckout.Wire;

/// <summary>Source-generated JSON for every wire type: snake_case names, nulls written out
/// (clients test <c>customer_details === null</c>), no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CheckoutSessionEnvelope))]
[JsonSerializable(typeof(CheckoutSessionList))]
[JsonSerializable(typeof(LineItemList))]
[JsonSerializable(typeof(ProductEnvelope))]
[JsonSerializable(typeof(ProductList))]
[JsonSerializable(typeof(PriceEnvelope))]
[JsonSerializable(typeof(PriceList))]
[JsonSerializable(typeof(PaymentIntentEnvelope))]
[JsonSerializable(typeof(PaymentIntentList))]
[JsonSerializable(typeof(CustomerEnvelope))]
[JsonSerializable(typeof(CustomerList))]
[JsonSerializable(typeof(DeletedCustomerEnvelope))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Charge))]
[JsonSerializable(typeof(CheckoutSession))]
[JsonSerializable(typeof(PaymentIntent))]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(WebhookEnvelope))]
[JsonSerializable(typeof(WebhookList))]
[JsonSerializable(typeof(WebhookDeliveryList))]
[JsonSerializable(typeof(Refund))]
[JsonSerializable(typeof(RefundEnvelope))]
[JsonSerializable(typeof(RefundList))]
[JsonSerializable(typeof(Dispute))]
[JsonSerializable(typeof(DisputeEnvelope))]
[JsonSerializable(typeof(DisputeList))]
[JsonSerializable(typeof(Capture))]
[JsonSerializable(typeof(CaptureEnvelope))]
[JsonSerializable(typeof(CaptureList))]
[JsonSerializable(typeof(CouponEnvelope))]
[JsonSerializable(typeof(CouponList))]
[JsonSerializable(typeof(PromoCodeEnvelope))]
[JsonSerializable(typeof(PromoCodeList))]
[JsonSerializable(typeof(ShippingRateEnvelope))]
[JsonSerializable(typeof(ShippingRateList))]
[JsonSerializable(typeof(TestHelpersReset))]
[JsonSerializable(typeof(PaymentLinkEnvelope))]
[JsonSerializable(typeof(PaymentLinkList))]
public sealed partial class WireJson : JsonSerializerContext;
