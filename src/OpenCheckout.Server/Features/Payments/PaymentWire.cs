using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Client.Wire;

namespace OpenCheckout.Server.Features.Payments;

static class PaymentWire
{
    public static Wire.PaymentIntent ToWire(this PaymentIntent p) => new(
        p.Id, p.Amount, p.AmountReceived, p.Currency, p.Status, p.SessionId, p.CustomerId,
        p.CardBrand is null ? null : new Wire.PaymentMethod(p.PaymentMethodId!, new Wire.Card(p.CardBrand, p.CardLast4!, p.CardExpMonth ?? 0, p.CardExpYear ?? 0)),
        p.ErrorCode is null ? null : new Wire.PaymentError(p.ErrorType!, p.ErrorCode, p.ErrorDeclineCode, p.ErrorMessage!),
        Unix.Seconds(p.CreatedAt), p.TestMode);

    public static Wire.Customer ToWire(this Customer c) => new(c.Id, c.Email, c.Name, Unix.Seconds(c.CreatedAt), c.TestMode);
}
