namespace OpenCheckout.Client;

/// <summary>The values of <see cref="Wire.CheckoutSession.PaymentStatus"/>.</summary>
public static class CheckoutSessionPaymentStatus
{
    public const string Unpaid = "unpaid";
    public const string Paid = "paid";
}
