namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.PaymentIntent.Status"/>.</summary>
public static class PaymentIntentStatus
{
    /// <summary>Not paid yet, or the last attempt was declined (see <see cref="Wire.PaymentIntent.LastPaymentError"/>).</summary>
    public const string RequiresPaymentMethod = "requires_payment_method";
    /// <summary>A <c>capture_method: manual</c> session's payment: authorized, waiting for a capture.</summary>
    public const string RequiresCapture = "requires_capture";
    public const string Succeeded = "succeeded";
    public const string Canceled = "canceled";
}
