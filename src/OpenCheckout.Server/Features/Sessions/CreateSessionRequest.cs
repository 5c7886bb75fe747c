using System.Text.Json;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A create request after field validation, before prices are looked up.</summary>
sealed record CreateSessionRequest(
    IReadOnlyList<(string PriceId, long Quantity)> LineItems,
    string SuccessUrl,
    string? CancelUrl,
    string? ClientReferenceId,
    Dictionary<string, string> Metadata,
    SessionDefaults? Defaults,
    DateTime? ExpiresAt)
{
    // Fields of the session object that clients echo back when re-sending an object: accepted, ignored.
    static readonly string[] ReadOnlyFields =
    [
        "id", "checkout_session_id", "object", "status", "payment_status", "amount_subtotal", "amount_total", "currency",
        "total_details", "customer_details", "customer", "payment_intent", "url", "redirect_url", "created", "created_at",
        "test_mode", "livemode", "type",
    ];

    static readonly string[] ReadOnlyLineItemFields =
        ["line_item_id", "id", "object", "description", "amount_subtotal", "amount_total", "amount_discount", "amount_tax", "currency"];

    // Checkout extras of contract section 11 that this server does not price yet: refused by name rather than ignored,
    // because ignoring them would charge a different total than the merchant asked for.
    static readonly string[] NotYetSupported = ["tax_rate", "shipping_options", "shipping_address_collection", "fees", "discounts"];

    public const int MaxLineItems = 100;
    public const long MaxQuantity = 999_999;

    public static CreateSessionRequest? Parse(JsonFields f, DateTimeOffset now)
    {
        f.Ignore(ReadOnlyFields);
        var lineItems = new List<(string, long)>();
        foreach (var item in f.Objects("line_items", required: true, 1, MaxLineItems) ?? [])
        {
            item.Ignore(ReadOnlyLineItemFields);
            var priceId = PriceIdOf(item);
            var quantity = item.Integer("quantity", required: true, min: 1, max: MaxQuantity);
            item.RejectUnknown();
            if (priceId is not null && quantity is not null) lineItems.Add((priceId, quantity.Value));
        }

        var successUrl = RedirectUrl(f, "success_url", required: true);
        var cancelUrl = RedirectUrl(f, "cancel_url", required: false);
        if (f.String("mode", 20) is { } mode && mode != "payment")
            f.AddError("mode", "parameter_invalid_string", "Only mode 'payment' is supported.");
        var clientReferenceId = f.String("client_reference_id", 200);
        var metadata = f.Metadata("metadata") ?? [];
        var defaults = ParseDefaults(f);
        var expiresAt = ParseExpiresAt(f, now);
        f.Boolean("allow_promotion_codes");
        if (f.String("capture_method", 20) is { } capture && capture != "automatic")
            f.AddError("capture_method", "parameter_unsupported", "Only capture_method 'automatic' is supported by this server so far.");
        foreach (var name in NotYetSupported)
            if (f.Has(name)) f.AddError(name, "parameter_unsupported", $"{name} is not supported by this server yet.");
            else f.Ignore(name);
        f.RejectUnknown();

        return f.HasErrors ? null
            : new CreateSessionRequest(lineItems, successUrl!, cancelUrl, clientReferenceId, metadata, defaults, expiresAt);
    }

    /// <summary><c>price</c> (Flex, Stripe) or <c>price_id</c> (the redirect guide); a price object echoed back counts by its id.</summary>
    static string? PriceIdOf(JsonFields item)
    {
        var price = item.Kind("price") == JsonValueKind.Object ? IdOfPriceObject(item.Object("price")!) : item.String("price", 64);
        var priceId = item.String("price_id", 64);
        if (price is not null && priceId is not null && price != priceId)
            item.AddError("price_id", "parameter_conflict", "price and price_id name different prices.");
        if (!item.Has("price") && !item.Has("price_id"))
            item.AddError("price", "parameter_missing", $"Missing required param: {item.Param("price")}.");
        return price ?? priceId;
    }

    static string? IdOfPriceObject(JsonFields price)
    {
        price.Ignore("product", "unit_amount", "currency", "description", "active", "type", "metadata", "created_at", "test_mode", "object");
        var id = price.String("price_id", 64) ?? price.String("id", 64);
        if (id is null && !price.Has("price_id") && !price.Has("id"))
            price.AddError("price_id", "parameter_missing", $"Missing required param: {price.Param("price_id")}.");
        price.RejectUnknown();
        return id;
    }

    /// <summary>Absolute http(s) URLs only: a javascript: or relative URL would run in, or break, the buyer's redirect.</summary>
    static string? RedirectUrl(JsonFields f, string name, bool required)
    {
        var url = f.String(name, 2048, required);
        if (url is null) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            f.AddError(name, "url_invalid", $"{name} must be an absolute http or https URL.");
            return null;
        }
        return url;
    }

    static SessionDefaults? ParseDefaults(JsonFields f)
    {
        var defaults = f.Object("defaults");
        var customerEmail = f.String("customer_email", 512);
        if (defaults is null) return customerEmail is null ? null : new SessionDefaults(customerEmail, null, null, null);
        var result = new SessionDefaults(
            defaults.String("email", 512) ?? customerEmail,
            defaults.String("first_name", 200),
            defaults.String("last_name", 200),
            defaults.String("phone", 40));
        defaults.RejectUnknown();
        return result;
    }

    static DateTime? ParseExpiresAt(JsonFields f, DateTimeOffset now)
    {
        var seconds = f.Integer("expires_at");
        if (seconds is null) return null;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds.Value, 0, 253402300799));
        if (expiresAt < now.AddMinutes(30) || expiresAt > now.AddHours(24))
        {
            f.AddError("expires_at", "parameter_out_of_range", "expires_at must be between 30 minutes and 24 hours from now.");
            return null;
        }
        return expiresAt.UtcDateTime;
    }
}
