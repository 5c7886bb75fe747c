using System.Text.Json;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.PaymentLinks;

/// <summary>A create request after field validation: the session part parsed by the session's own rules
/// (<see cref="CreateSessionRequest"/>), inline <c>price_data</c> turned into new prices (and products) that the link's
/// write stores. Building it writes nothing.</summary>
sealed record PaymentLinkRequest(
    IReadOnlyList<(string PriceId, long Quantity)> LineItems,
    IReadOnlyList<NewInlinePrice> NewPrices,
    string? Label,
    long Tax,
    IReadOnlyList<ShippingOptionRequest> ShippingOptions,
    bool ShippingAddressCollection,
    List<string> AllowedCountries,
    IReadOnlyList<DiscountRequest> Discounts,
    bool AllowPromotionCodes,
    string CaptureMethod,
    Dictionary<string, string> PaymentIntentMetadata,
    AfterCompletionChoice AfterCompletion,
    Dictionary<string, string> Metadata)
{
    static readonly string[] ReadOnlyFields =
        ["payment_link_id", "id", "object", "url", "active", "currency", "created_at", "created", "test_mode", "livemode"];

    public static PaymentLinkRequest? Parse(JsonFields f, Merchant merchant, DateTimeOffset now)
    {
        f.Ignore(ReadOnlyFields);
        var lineItems = new List<(string, long)>();
        var newPrices = new List<NewInlinePrice>();
        foreach (var item in f.Objects("line_items", required: true, 1, CreateSessionRequest.MaxLineItems) ?? [])
        {
            var quantity = item.Integer("quantity", required: true, min: 1, max: CreateSessionRequest.MaxQuantity);
            var price = item.String("price", 64);
            var priceId = item.String("price_id", 64) ?? price; // price (Flex, Stripe) or price_id (the redirect guide's spelling)
            var data = item.Object("price_data");
            if (priceId is not null && data is not null)
                item.AddError("price_data", "parameter_conflict", "Set one of price and price_data, not both.");
            else if (data is not null && NewInlinePrice.Parse(data, merchant, now) is { } inline)
            {
                newPrices.Add(inline);
                priceId = inline.Price.Id;
            }
            else if (priceId is null && data is null)
                item.AddError("price", "parameter_missing", $"Missing required param: {item.Param("price")} or {item.Param("price_data")}.");
            item.RejectUnknown();
            if (priceId is not null && quantity is not null) lineItems.Add((priceId, quantity.Value));
        }

        // A link sells one-time prices; subscription links (and setup-mode ones) are not made yet.
        if (f.String("mode", 20) is { } mode && mode != "payment")
            f.AddError("mode", "parameter_invalid_string", "Only mode 'payment' is supported: payment links sell one-time prices.");
        var label = f.String("label", PaymentLink.LabelLength);
        var tax = CreateSessionRequest.ParseTax(f);
        var shippingOptions = CreateSessionRequest.ParseShippingOptions(f);
        var (collectAddress, allowedCountries) = CreateSessionRequest.ParseAddressCollection(f);
        var discounts = CreateSessionRequest.ParseDiscounts(f);
        var allowPromotionCodes = f.Boolean("allow_promotion_codes") ?? false;
        var (captureMethod, intentMetadata) = ParsePaymentIntentData(f);
        var afterCompletion = AfterCompletionChoice.Parse(f) ?? AfterCompletionChoice.Default;
        var metadata = f.Metadata("metadata") ?? [];
        f.RejectUnknown();

        return f.HasErrors ? null
            : new PaymentLinkRequest(lineItems, newPrices, label, tax, shippingOptions, collectAddress, allowedCountries, discounts,
                allowPromotionCodes, captureMethod, intentMetadata, afterCompletion, metadata);
    }

    /// <summary>The session a visit would make, to check and price the link by the session's own rules before it is stored.</summary>
    public CreateSessionRequest AsSession() => new(LineItems, "https://example.invalid/", null, null, [], null, null, Tax, ShippingOptions,
        ShippingAddressCollection, AllowedCountries, [], Discounts, AllowPromotionCodes, CaptureMethod, null);

    /// <summary>The link to store, from this request and the session a visit would make (<see cref="AsSession"/>, priced):
    /// inline coupon_data and shipping_rate_data were made into stored ones by that draft, so the link names those.</summary>
    public PaymentLink ToLink(Merchant merchant, CheckoutSession session, DateTimeOffset now) => new()
    {
        Id = ObjectId.New(ObjectId.PaymentLink, now),
        AccountId = merchant.AccountId,
        TestMode = merchant.TestMode,
        Label = Label,
        Currency = session.Currency,
        LineItems = session.LineItems.ConvertAll(l => new PaymentLinkLine(l.PriceId, l.ProductId, l.ProductName ?? "", l.UnitAmount, l.Currency, l.Quantity)),
        Tax = Tax,
        ShippingRateIds = session.ShippingOptions.ConvertAll(o => o.ShippingRateId),
        ShippingAddressCollection = ShippingAddressCollection,
        ShippingAllowedCountries = AllowedCountries,
        CouponIds = session.Discounts.ConvertAll(d => d.CouponId),
        AllowPromotionCodes = AllowPromotionCodes,
        CaptureMethod = CaptureMethod,
        PaymentIntentMetadata = PaymentIntentMetadata,
        RedirectUrl = AfterCompletion.RedirectUrl,
        ConfirmationMessage = AfterCompletion.Message,
        Metadata = Metadata,
        CreatedAt = now.UtcDateTime,
    };

    /// <summary><c>payment_intent_data {capture_method, metadata}</c>.</summary>
    static (string CaptureMethod, Dictionary<string, string> Metadata) ParsePaymentIntentData(JsonFields f)
    {
        var data = f.IsEmptyArray("payment_intent_data") ? null : f.Object("payment_intent_data");
        if (data is null) return (Sessions.CaptureMethod.Automatic, []);
        var captureMethod = CreateSessionRequest.ParseCaptureMethod(data);
        var metadata = data.Metadata("metadata") ?? [];
        data.RejectUnknown();
        return (captureMethod, metadata);
    }
}

/// <summary>A price (and, for <c>product_data</c>, its product) a link's inline <c>price_data</c> creates with the link.</summary>
sealed record NewInlinePrice(Price Price, Product? NewProduct, string Param)
{
    public static NewInlinePrice? Parse(JsonFields data, Merchant merchant, DateTimeOffset now)
    {
        var currency = data.String("currency", CatalogRules.CurrencyLength) ?? Currency.Default;
        if (CatalogRules.UnsupportedCurrency(currency) is { } unsupported) data.AddError("currency", "currency_invalid", unsupported);
        var unitAmount = data.Integer("unit_amount", required: true, min: 0, max: Amount.Max);
        if (data.Has("recurring"))
            data.AddError("recurring", "parameter_unsupported", "A payment link sells one-time prices; recurring prices are sold through subscription-mode checkout sessions.");
        var productId = data.String("product", 64);
        var productData = data.Object("product_data");
        Product? newProduct = null;
        if (productId is not null && productData is not null)
            data.AddError("product_data", "parameter_conflict", "Set one of product and product_data, not both.");
        else if (productData is not null)
        {
            var name = productData.String("name", CatalogRules.ProductNameLength, required: true);
            var description = productData.String("description", CatalogRules.DescriptionLength);
            productData.RejectUnknown();
            if (name is not null)
            {
                newProduct = CatalogWrites.NewProduct(merchant, name, now);
                newProduct.Description = description;
                productId = newProduct.Id;
            }
        }
        else if (productId is null)
            data.AddError("product", "parameter_missing", $"Missing required param: {data.Param("product")} or {data.Param("product_data")}.");
        data.RejectUnknown();
        if (data.HasErrors || productId is null || unitAmount is null) return null;
        return new NewInlinePrice(CatalogWrites.NewPrice(merchant, productId, unitAmount.Value, currency, null, true, [], now), newProduct,
            data.Param("product"));
    }

    public ActivePrice Snapshot(string productName) =>
        new(Price.Id, Price.ProductId, productName, Price.UnitAmount, Price.Currency, null, Price.CreatedAt);
}

/// <summary>What follows payment: a redirect to the merchant, or the hosted page's own confirmation.</summary>
sealed record AfterCompletionChoice(string? RedirectUrl, string? Message)
{
    public static readonly AfterCompletionChoice Default = new(null, null);

    public static AfterCompletionChoice? Parse(JsonFields f)
    {
        var after = f.IsEmptyArray("after_completion") ? null : f.Object("after_completion");
        if (after is null) return null;
        var type = after.String("type", 30, required: true);
        var redirect = after.Object("redirect");
        var confirmation = after.Object("hosted_confirmation");
        string? url = null, message = null;
        if (redirect is not null) url = CreateSessionRequest.RedirectUrl(redirect, "url", required: type == "redirect");
        else if (type == "redirect") after.AddError("redirect", "parameter_missing", $"Missing required param: {after.Param("redirect")}.");
        if (confirmation is not null) message = confirmation.String("custom_message", PaymentLink.MessageLength);
        redirect?.RejectUnknown();
        confirmation?.RejectUnknown();
        after.RejectUnknown();
        switch (type)
        {
            case "redirect": return url is null ? null : new AfterCompletionChoice(url, null);
            case "hosted_confirmation": return new AfterCompletionChoice(null, message);
            case null: return null;
            default:
                after.AddError("type", "parameter_invalid_string", "type must be redirect or hosted_confirmation.");
                return null;
        }
    }
}
