using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Payments;

static class PaymentWire
{
    public static Wire.PaymentIntent ToWire(this PaymentIntent p) => new(
        p.Id, p.Amount, p.AmountReceived, p.AmountRefunded, p.Currency, p.Status, p.SessionId, p.CustomerId, PaymentMethodOf(p),
        p.ErrorCode is null ? null : new Wire.PaymentError(p.ErrorType!, p.ErrorCode, p.ErrorDeclineCode, p.ErrorMessage!),
        Unix.Seconds(p.CreatedAt), p.TestMode, p.CaptureMethod, p.AmountCapturable) { Invoice = p.InvoiceId };

    /// <summary>The charge of the payment intent's latest attempt: <paramref name="chargeId"/> names a failed
    /// attempt's charge; an authorized or succeeded intent's charge is <see cref="PaymentIntent.ChargeId"/>. As in Stripe, an
    /// authorization is a paid, uncaptured charge, and one released (canceled or lapsed) is refunded in full.</summary>
    public static Wire.Charge ToCharge(this PaymentIntent p, string? chargeId = null)
    {
        var paid = p.Status is PaymentIntentStatus.Succeeded or PaymentIntentStatus.RequiresCapture or PaymentIntentStatus.Canceled;
        var released = p.Status == PaymentIntentStatus.Canceled;
        var captured = p.AmountReceived > 0;
        return new Wire.Charge(chargeId ?? p.ChargeId!, p.Id, p.SessionId, p.CustomerId, p.Amount, p.AmountReceived,
            released ? p.Amount : p.AmountRefunded, p.Currency, paid ? "succeeded" : "failed", paid,
            released || (captured && p.AmountRefunded >= p.AmountReceived),
            paid ? null : p.ErrorDeclineCode ?? p.ErrorCode, paid ? null : p.ErrorMessage, PaymentMethodOf(p), Unix.Seconds(p.UpdatedAt), p.TestMode)
        {
            Captured = captured,
        };
    }

    static Wire.PaymentMethod? PaymentMethodOf(PaymentIntent p) => p.CardBrand is null ? null
        : new Wire.PaymentMethod(p.PaymentMethodId!, new Wire.Card(p.CardBrand, p.CardLast4!, p.CardExpMonth ?? 0, p.CardExpYear ?? 0));
}
