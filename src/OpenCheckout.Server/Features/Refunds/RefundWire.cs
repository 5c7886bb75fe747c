using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Refunds;

static class RefundWire
{
    public static Wire.Refund ToWire(this Refund r) => new(
        r.Id, r.PaymentIntentId, r.SessionId, r.Amount, r.Currency, r.Status, r.Reason, r.Metadata, Unix.Seconds(r.CreatedAt), r.TestMode);
}
