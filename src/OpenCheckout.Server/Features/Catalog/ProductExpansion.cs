using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;
using WireJson = OpenCheckout.Wire.WireJson;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary><c>expand_product</c>: a price's product as <c>GET /v1/products/{id}</c> answers it.</summary>
sealed class ProductExpansion : IExpansion
{
    public string Field => "product";

    public async Task<IReadOnlyDictionary<string, JsonNode>> LoadAsync(CheckoutDb db, Merchant merchant, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        (await db.Products.AsNoTracking().OwnedBy(merchant).Where(p => ids.Contains(p.Id)).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => JsonSerializer.SerializeToNode(p.ToWire(), WireJson.Default.Product)!);
}
