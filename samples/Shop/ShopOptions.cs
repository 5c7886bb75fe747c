namespace Shop;

/// <summary>The <c>Shop</c> section. The OpenCheckout connection is the <c>OpenCheckout</c> section: <c>BaseUrl</c>,
/// <c>ApiKey</c> and the SDK's other settings (bound onto <c>OpenCheckoutClientOptions</c>), plus <c>WebhookSecret</c>.</summary>
public sealed class ShopOptions
{
    public const string Section = "Shop";

    /// <summary>Where buyers' browsers and webhooks reach the shop, e.g. <c>https://shop.example.com</c>. Empty: the
    /// address of each request (for success and cancel URLs) and the address the shop listens on (for the webhook
    /// endpoint it registers in Development).</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The SQLite file of orders; relative paths are resolved against the content root.</summary>
    public string DatabasePath { get; set; } = "data/shop.db";

    /// <summary>An existing OpenCheckout price to sell. Empty: the shop finds the price of <see cref="Product"/> by its
    /// SKU (kept in the product's metadata) or creates product and price on the first Buy.</summary>
    public string PriceId { get; set; } = "";

    public ProductOptions Product { get; set; } = new();

    /// <summary>The membership the shop sells as a subscription: access it provisions and revokes from webhooks.</summary>
    public ProductOptions Membership { get; set; } = new()
    {
        Sku = "sample-shop-club",
        Name = "OpenCheckout Club",
        Description = "Early access to every new shirt, billed monthly. Cancel any time.",
        UnitAmount = 500,
        Interval = "monthly",
    };
}

/// <summary>The one thing the shop sells.</summary>
public sealed class ProductOptions
{
    public string Sku { get; set; } = "sample-shop-tshirt";
    public string Name { get; set; } = "OpenCheckout T-shirt";
    public string Description { get; set; } = "Soft organic cotton, printed with the checkout you host yourself.";

    /// <summary>In the currency's minor unit (cents for usd).</summary>
    public long UnitAmount { get; set; } = 2000;

    public string Currency { get; set; } = "usd";

    /// <summary>Set (<c>daily</c>, <c>weekly</c>, <c>monthly</c>, <c>yearly</c>): sold as a subscription billed that often.</summary>
    public string? Interval { get; set; }
}
