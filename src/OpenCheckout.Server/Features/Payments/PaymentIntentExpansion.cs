using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;
using WireJson = OpenCheckout.Wire.WireJson;

namespace OpenCheckout.Server.Features.Payments;

/// <summary><c>expand_payment_intent</c>: a session's or refund's payment intent as <c>GET /v1/payment_intents/{id}</c> answers it.</summary>
sealed class PaymentIntentExpansion : IExpansion
{
    public string Field => "payment_intent";

    public async Task<IReadOnlyDictionary<string, JsonNode>> LoadAsync(CheckoutDb db, Merchant merchant, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        (await db.PaymentIntents.AsNoTracking().OwnedBy(merchant).Where(p => ids.Contains(p.Id)).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => JsonSerializer.SerializeToNode(p.ToWire(), WireJson.Default.PaymentIntent)!);
}
