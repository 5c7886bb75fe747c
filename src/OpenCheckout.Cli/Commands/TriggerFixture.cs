using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary>The product and price every trigger sells: made on first use, then found again by the metadata tag
/// (two triggers racing on an empty account may both make one; either is used afterwards).</summary>
static class Fixtures
{
    public const string FixtureKey = "opencheckout_cli_fixture";
    public const string FixtureValue = "trigger";
    public const string TriggerKey = "opencheckout_cli_trigger";

    /// <summary>The fixture's one-time price, or with <paramref name="recurring"/> its monthly one; made on first use.</summary>
    public static async Task<Price> PriceAsync(CliContext cli, CancellationToken ct, bool recurring = false)
    {
        var client = cli.Client;
        Product? product = null;
        await foreach (var candidate in client.Products.ListAutoPagingAsync(new ProductListOptions { Active = true, Limit = 100 }, ct))
            if (IsFixture(candidate.Metadata)) { product = candidate; break; }

        if (product is not null)
        {
            await foreach (var candidate in client.Prices.ListAutoPagingAsync(new PriceListOptions { Product = product.ProductId, Active = true, Limit = 100 }, ct))
                if (IsFixture(candidate.Metadata) && candidate.Recurring is not null == recurring)
                {
                    cli.Say($"Using fixture price {candidate.PriceId} (product {product.ProductId}).");
                    return candidate;
                }
        }

        var tag = new Dictionary<string, string> { [FixtureKey] = FixtureValue };
        product ??= await client.Products.CreateAsync(new CreateProductRequest("OpenCheckout CLI test product")
        {
            Description = "Made by `opencheckout trigger`; reused by every trigger.",
            Metadata = tag,
        }, ct: ct);
        var price = await client.Prices.CreateAsync(new CreatePriceRequest(product.ProductId, 2000)
        {
            Currency = "usd", Metadata = tag, Recurring = recurring ? new PriceRecurringRequest { Interval = "monthly" } : null,
        }, ct: ct);
        cli.Say($"Created fixture price {price.PriceId} (product {product.ProductId}).");
        return price;
    }

    static bool IsFixture(IReadOnlyDictionary<string, string> metadata) => metadata.GetValueOrDefault(FixtureKey) == FixtureValue;
}
