using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Catalog;

static class CatalogWire
{
    public static Wire.Product ToWire(this Product p) => new(
        p.Id, p.Name, p.Description, p.Active, p.Metadata, p.Url, p.Gtin, p.UpcCode, p.ReferenceGtin, p.ClientReferenceId,
        p.ImageUrls, p.Categories, p.HsaFsaEligibility, Unix.Seconds(p.CreatedAt), p.TestMode);

    public static Wire.Price ToWire(this Price p) => new(
        p.Id, p.ProductId, p.UnitAmount, p.Currency, p.Description, p.Active, "one_time", p.Metadata, Unix.Seconds(p.CreatedAt), p.TestMode);
}
