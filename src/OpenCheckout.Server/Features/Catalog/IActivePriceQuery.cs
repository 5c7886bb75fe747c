using OpenCheckout.Server.Infrastructure.Auth;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>Reads the merchant's active prices among <c>ids</c> (distinct), with their products' names; unknown or
/// inactive ids are absent. One implementation per provider.</summary>
public interface IActivePriceQuery
{
    ValueTask<Dictionary<string, ActivePrice>> ReadAsync(Merchant merchant, List<string> ids, CancellationToken ct);
}
