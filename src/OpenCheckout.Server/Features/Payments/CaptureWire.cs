using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Payments;

static class CaptureWire
{
    public static Wire.Capture ToWire(this Capture c) => new(
        c.Id, c.Amount, c.Amount, c.Currency, c.SessionId, c.PaymentIntentId, c.ChargeId, c.Status,
        c.AmountShipping, c.AmountDiscount, c.AmountTax, c.Metadata, Unix.Seconds(c.CreatedAt), c.TestMode);
}
