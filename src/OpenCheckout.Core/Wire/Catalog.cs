namespace OpenCheckout.Wire;

public sealed record Product(
    string ProductId,
    string Name,
    string? Description,
    bool Active,
    IReadOnlyDictionary<string, string> Metadata,
    string? Url,
    string? Gtin,
    string? UpcCode,
    string? ReferenceGtin,
    string? ClientReferenceId,
    IReadOnlyList<string> ImageUrls,
    IReadOnlyList<string> Categories,
    string HsaFsaEligibility,
    long CreatedAt,
    bool TestMode);

public sealed record Price(
    string PriceId,
    string Product,
    long UnitAmount,
    string Currency,
    string? Description,
    bool Active,
    string Type,
    IReadOnlyDictionary<string, string> Metadata,
    long CreatedAt,
    bool TestMode);

public sealed record ProductEnvelope(Product Product);

public sealed record ProductList(IReadOnlyList<Product> Products, bool HasMore);

public sealed record PriceEnvelope(Price Price);

public sealed record PriceList(IReadOnlyList<Price> Prices, bool HasMore);
