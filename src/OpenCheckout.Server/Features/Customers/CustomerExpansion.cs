using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;
using WireJson = OpenCheckout.Wire.WireJson;

namespace OpenCheckout.Server.Features.Customers;

/// <summary><c>expand_customer</c>: a session's or payment intent's customer as <c>GET /v1/customers/{id}</c> answers it
/// (a deleted customer too: the objects that name it keep doing so).</summary>
sealed class CustomerExpansion : IExpansion
{
    public string Field => "customer";

    public async Task<IReadOnlyDictionary<string, JsonNode>> LoadAsync(CheckoutDb db, Merchant merchant, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        (await db.Customers.AsNoTracking().OwnedBy(merchant).Where(c => ids.Contains(c.Id)).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => JsonSerializer.SerializeToNode(c.ToWire(), WireJson.Default.Customer)!);
}
