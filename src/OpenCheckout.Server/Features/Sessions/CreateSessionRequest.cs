using System.Text.Json;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A customer a new session names: <c>customer</c> (<see cref="Required"/>: an unknown id is an error) or
/// <c>defaults.customer_id</c> (a hint).</summary>
sealed record CustomerReference(string Id, bool Required);

/// <summary><c>subscription_data</c> of a subscription-mode session: a trial (days; else the prices' own) and the subscription's metadata.</summary>
sealed record SubscriptionData(int? TrialPeriodDays, Dictionary<string, string> Metadata)
{
    public static SubscriptionData? Parse(JsonFields f, string mode)
    {
        var data = f.Object("subscription_data");
        if (data is null) return mode == SessionModes.Subscription ? new SubscriptionData(null, []) : null;
        if (mode != SessionModes.Subscription)
        {
            f.AddError("subscription_data", "parameter_invalid", "subscription_data is for mode 'subscription'.");
            return null;
        }
        var trialDays = Recurrence.TrialDays(data);
        var metadata = data.Metadata("metadata") ?? [];
        data.Ignore("description");
        data.RejectUnknown();
        return new SubscriptionData(trialDays, metadata);
    }
}

/// <summary>A create request after field validation, before prices are looked up.</summary>
sealed record CreateSessionRequest(
    IReadOnlyList<(string PriceId, long Quantity)> LineItems,
    string SuccessUrl,
    string? CancelUrl,
    string? ClientReferenceId,
    Dictionary<string, string> Metadata,
    SessionDefaults? Defaults,
    DateTime? ExpiresAt,
    long Tax,
    IReadOnlyList<ShippingOptionRequest> ShippingOptions,
    bool ShippingAddressCollection,
    List<string> AllowedCountries,
    List<SessionFee> Fees,
    IReadOnlyList<DiscountRequest> Discounts,
    bool AllowPromotionCodes,
    string CaptureMethod,
    CustomerReference? Customer,
    string? PaymentLinkId = null,
    string Mode = "payment",
    string? PaymentMethodId = null,
    string? SetupFutureUse = null,
    SubscriptionData? Subscription = null)
{
    // Fields of the session object that clients echo back when re-sending an object: accepted, ignored.
    static readonly string[] ReadOnlyFields =
    [
        "id", "checkout_session_id", "object", "status", "payment_status", "amount_subtotal", "amount_total", "currency",
        "total_details", "customer_details", "payment_intent", "url", "redirect_url", "created", "created_at",
        "test_mode", "livemode", "type", "amount_refunded", "refunds", "available_shipping_options", "shipping_details",
    ];

    static readonly string[] ReadOnlyLineItemFields =
        ["line_item_id", "id", "object", "description", "amount_subtotal", "amount_total", "amount_discount", "amount_tax", "currency"];

    public const int MaxLineItems = 100;
    /// <summary>A session object is never larger than this as JSON (contract section 6), whatever its prices hold.</summary>
    public const int MaxSessionBytes = 256 * 1024;
    public const long MaxQuantity = 999_999;
    public const int MaxShippingOptions = 10;
    public const int MaxFees = 20;
    /// <summary>Generous: Flex's WooCommerce client sends one sale discount per unit of a discounted item.</summary>
    public const int MaxDiscounts = 500;

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
        var mode = f.String("mode", 20) ?? SessionModes.Payment;
        if (mode is not (SessionModes.Payment or SessionModes.OffSession or SessionModes.Subscription))
            f.AddError("mode", "parameter_invalid_string", "mode must be 'payment', 'subscription' or 'off_session'.");
        var paymentMethodId = f.String("payment_method", 64);
        var setupFutureUse = f.String("setup_future_use", 20);
        if (setupFutureUse is not (null or "off_session" or "on_session"))
            f.AddError("setup_future_use", "parameter_invalid_string", "setup_future_use must be 'off_session' or 'on_session'.");
        var clientReferenceId = f.String("client_reference_id", 200);
        var metadata = f.Metadata("metadata") ?? [];
        var (defaults, customer) = ParseDefaults(f);
        // `customer` names one of the merchant's customers; an object is the session's own customer echoed back: ignored.
        if (f.Kind("customer") == JsonValueKind.String) customer = f.String("customer", 64) is { } id ? new CustomerReference(id, Required: true) : null;
        else f.Ignore("customer");
        var expiresAt = ParseExpiresAt(f, now);
        var tax = ParseTax(f);
        var shippingOptions = ParseShippingOptions(f);
        var (collectAddress, allowedCountries) = ParseAddressCollection(f);
        var fees = ParseFees(f);
        var discounts = ParseDiscounts(f);
        var allowPromotionCodes = f.Boolean("allow_promotion_codes") ?? false;
        var captureMethod = ParseCaptureMethod(f);
        if (mode == SessionModes.OffSession)
        {
            // Charged at once, without the buyer: a saved card of a customer, and nothing to show on a page.
            if (customer is null) f.AddError("customer", "parameter_missing", "mode 'off_session' needs customer: the customer whose card is charged.");
            if (paymentMethodId is null) f.AddError("payment_method", "parameter_missing", "mode 'off_session' needs payment_method: one of the customer's saved cards.");
            if (setupFutureUse is not null) f.AddError("setup_future_use", "parameter_invalid", "An off-session charge uses a saved card; it saves none.");
        }
        else if (paymentMethodId is not null)
            f.AddError("payment_method", "parameter_invalid", "payment_method is for mode 'off_session'; the buyer enters a card on the hosted page.");
        var subscription = SubscriptionData.Parse(f, mode);
        if (mode == SessionModes.Subscription)
        {
            // The card is saved for the renewals, and each period is charged at once.
            if (captureMethod == Sessions.CaptureMethod.Manual)
                f.AddError("capture_method", "parameter_invalid", "A subscription's payments are captured at once: capture_method 'manual' is for mode 'payment'.");
            if (setupFutureUse is not null)
                f.AddError("setup_future_use", "parameter_invalid", "A subscription always saves the card for its renewals; drop setup_future_use.");
        }
        f.RejectUnknown();

        return f.HasErrors ? null
            : new CreateSessionRequest(lineItems, successUrl!, cancelUrl, clientReferenceId, metadata, defaults, expiresAt, tax,
                shippingOptions, collectAddress, allowedCountries, fees, discounts, allowPromotionCodes, captureMethod, customer,
                Mode: mode, PaymentMethodId: paymentMethodId, SetupFutureUse: setupFutureUse, Subscription: subscription);
    }

    /// <summary><c>{amount}</c>: a tax the merchant computed, added as it is (this server computes no tax).</summary>
    internal static long ParseTax(JsonFields f)
    {
        if (f.IsEmptyArray("tax_rate")) return 0;
        var taxRate = f.Object("tax_rate");
        if (taxRate is null) return 0;
        var amount = taxRate.Integer("amount", required: true, min: 0, max: Amount.Max);
        taxRate.RejectUnknown();
        return amount ?? 0;
    }

    /// <summary>An array of options (the contract, Stripe) or one option object (Flex's docs and WooCommerce client).
    /// Each is <c>{shipping_rate_id}</c> (Stripe: <c>shipping_rate</c>) or <c>{shipping_rate_data: {display_name, amount}}</c>.</summary>
    internal static List<ShippingOptionRequest> ParseShippingOptions(JsonFields f)
    {
        const string name = "shipping_options";
        if (f.IsEmptyArray(name)) return [];
        var items = f.Kind(name) == JsonValueKind.Object ? [f.Object(name)!] : f.Objects(name, required: false, 1, MaxShippingOptions) ?? [];
        var options = new List<ShippingOptionRequest>();
        foreach (var item in items)
        {
            var id = item.String("shipping_rate_id", 64);
            var stripeId = item.String("shipping_rate", 64);
            if (id is not null && stripeId is not null && id != stripeId)
                item.AddError("shipping_rate", "parameter_conflict", "shipping_rate and shipping_rate_id name different rates.");
            id ??= stripeId;
            var data = item.Object("shipping_rate_data");
            if (id is not null && data is not null)
                item.AddError("shipping_rate_data", "parameter_conflict", "Set one of shipping_rate_id and shipping_rate_data, not both.");
            else if (id is null && data is null && !item.Has("shipping_rate_id") && !item.Has("shipping_rate"))
                item.AddError("shipping_rate_id", "parameter_missing",
                    $"Missing required param: {item.Param("shipping_rate_id")} or {item.Param("shipping_rate_data")}.");
            // A session's chosen option echoed back: its other fields are read-only.
            if (id is not null) item.Ignore("display_name", "shipping_amount", "metadata");
            var terms = data is null ? null : ShippingRateTerms.Parse(data);
            item.RejectUnknown();
            options.Add(new ShippingOptionRequest(id, terms, item.Param("").TrimEnd('.')));
        }
        return options;
    }

    /// <summary><c>true</c> (Flex), or Stripe's <c>{allowed_countries: ["US", ...]}</c>.</summary>
    internal static (bool Collect, List<string> AllowedCountries) ParseAddressCollection(JsonFields f)
    {
        const string name = "shipping_address_collection";
        if (f.Kind(name) != JsonValueKind.Object) return (f.Boolean(name) ?? false, []);
        var collection = f.Object(name)!;
        var countries = collection.Strings("allowed_countries", 250, 2) ?? [];
        if (countries.Any(c => c.Length != 2 || !c.All(char.IsAsciiLetter)))
            collection.AddError("allowed_countries", "parameter_invalid_array", "allowed_countries must be two-letter country codes such as US.");
        collection.RejectUnknown();
        return (true, countries.Select(c => c.ToUpperInvariant()).Distinct().ToList());
    }

    static List<SessionFee> ParseFees(JsonFields f)
    {
        var fees = new List<SessionFee>();
        foreach (var fee in f.Objects("fees", required: false, 0, MaxFees) ?? [])
        {
            var amount = fee.Integer("amount", required: true, min: 0, max: Amount.Max);
            var feeName = fee.String("name", 200);
            var description = fee.String("description", 500);
            var type = fee.String("fee_type", 20) ?? "custom";
            if (type != "custom") fee.AddError("fee_type", "parameter_invalid_string", "fee_type must be custom.");
            fee.RejectUnknown();
            if (amount is not null) fees.Add(new SessionFee(feeName, description, amount.Value, type));
        }
        return fees;
    }

    /// <summary><c>{coupon_id}</c> (Stripe: <c>coupon</c>), <c>{coupon_data: {name, amount_off | percent_off, applies_to?}}</c> or
    /// <c>{promotion_code}</c> (an <c>fpromo_</c> id; at most one).</summary>
    internal static List<DiscountRequest> ParseDiscounts(JsonFields f)
    {
        var discounts = new List<DiscountRequest>();
        foreach (var item in f.Objects("discounts", required: false, 0, MaxDiscounts) ?? [])
        {
            var id = item.String("coupon_id", 64);
            var stripeId = item.String("coupon", 64);
            if (id is not null && stripeId is not null && id != stripeId)
                item.AddError("coupon", "parameter_conflict", "coupon and coupon_id name different coupons.");
            id ??= stripeId;
            var data = item.Object("coupon_data");
            var promotionCode = item.String("promotion_code", 64);
            if (promotionCode is not null)
            {
                // The code names its coupon; a discount echoed back from a session names both.
                if (data is not null) item.AddError("coupon_data", "parameter_conflict", "Set one of promotion_code and coupon_data, not both.");
                id = null;
            }
            else if (id is not null && data is not null)
                item.AddError("coupon_data", "parameter_conflict", "Set one of coupon_id and coupon_data, not both.");
            else if (id is null && data is null && !item.Has("coupon_id") && !item.Has("coupon") && !item.Has("promotion_code"))
                item.AddError("coupon_id", "parameter_missing", $"Missing required param: {item.Param("coupon_id")} or {item.Param("coupon_data")}.");
            // An applied discount echoed back: its other fields are read-only.
            if (id is not null || promotionCode is not null) item.Ignore("name", "amount_off", "percent_off", "applies_to", "amount");
            var terms = data is null ? null : CouponTerms.Parse(data);
            item.RejectUnknown();
            discounts.Add(new DiscountRequest(id, terms, item.Param("").TrimEnd('.'), promotionCode));
        }
        if (discounts.Count(d => d.PromotionCodeId is not null) > 1)
            f.AddError("discounts", "parameter_invalid", "A session takes at most one promotion code.");
        return discounts;
    }

    internal static string ParseCaptureMethod(JsonFields f)
    {
        var method = f.String("capture_method", 20);
        switch (method)
        {
            case null: return Sessions.CaptureMethod.Automatic;
            // Stripe's asynchronous variant: for cards, the same thing.
            case Sessions.CaptureMethod.Automatic or "automatic_async": return Sessions.CaptureMethod.Automatic;
            case Sessions.CaptureMethod.Manual: return Sessions.CaptureMethod.Manual;
            default:
                f.AddError("capture_method", "parameter_invalid_string", "capture_method must be automatic or manual.");
                return Sessions.CaptureMethod.Automatic;
        }
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

    /// <summary>Absolute http(s) URLs only, a javascript: or relative URL would run in, or break, the buyer's redirect; stored
    /// normalised (<see cref="RedirectUrls.Normalize"/>), so the redirect after the buyer has paid cannot fail.</summary>
    internal static string? RedirectUrl(JsonFields f, string name, bool required)
    {
        const int maxLength = 2048;
        var url = f.String(name, maxLength, required);
        if (url is null) return null;
        var normalized = RedirectUrls.Normalize(url);
        if (normalized is null)
            f.AddError(name, "url_invalid", $"{name} must be an absolute http or https URL without control characters.");
        else if (normalized.Length > maxLength)
            f.AddError(name, "url_invalid", $"{name} must be at most {maxLength} characters once percent-encoded.");
        else
            return normalized;
        return null;
    }

    /// <summary><c>defaults {email, first_name, last_name, phone}</c>: empty strings are accepted, <c>[]</c> (how PHP encodes an
    /// empty map) means none. <c>customer_id</c> (Flex's client sends back one it read) links the session to that customer
    /// when it is one of the merchant's, and is ignored when not.</summary>
    static (SessionDefaults? Defaults, CustomerReference? Customer) ParseDefaults(JsonFields f)
    {
        var defaults = f.IsEmptyArray("defaults") ? null : f.Object("defaults");
        var customerEmail = f.String("customer_email", 512);
        if (defaults is null) return (customerEmail is null ? null : new SessionDefaults(customerEmail, null, null, null), null);
        var result = new SessionDefaults(
            defaults.String("email", 512) ?? customerEmail,
            defaults.String("first_name", 200),
            defaults.String("last_name", 200),
            defaults.String("phone", 40));
        var customer = defaults.String("customer_id", 64) is { Length: > 0 } id ? new CustomerReference(id, Required: false) : null;
        defaults.RejectUnknown();
        return (result, customer);
    }

    /// <summary>A session for a <c>customer</c> has its range checked once the customer is found (<see cref="SessionDraft"/>):
    /// the customer may be on a test clock, whose time is the session's.</summary>
    static DateTime? ParseExpiresAt(JsonFields f, DateTimeOffset now)
    {
        var seconds = f.Integer("expires_at");
        if (seconds is null) return null;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds.Value, 0, 253402300799)).UtcDateTime;
        if (f.Kind("customer") == JsonValueKind.String) return expiresAt;
        if (ExpiresAtRefusal(expiresAt, now, onClock: false) is { } refusal)
        {
            f.AddError("expires_at", "parameter_out_of_range", refusal);
            return null;
        }
        return expiresAt;
    }

    /// <summary>Why <paramref name="expiresAt"/> is out of range at <paramref name="now"/>, or null. On a test clock there is no
    /// 30-minute floor (a test moves the clock past it anyway); the expiry must still be after the clock's time.</summary>
    public static string? ExpiresAtRefusal(DateTime expiresAt, DateTimeOffset now, bool onClock)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc));
        if (onClock)
            return at <= now || at > now.AddHours(24) ? "expires_at must be after the test clock's frozen_time and at most 24 hours after it." : null;
        return at < now.AddMinutes(30) || at > now.AddHours(24) ? "expires_at must be between 30 minutes and 24 hours from now." : null;
    }
}

/// <summary>One <c>shipping_options</c> entry: a stored rate by id, or inline terms (stored as a new rate).
/// <paramref name="Param"/> is the entry's parameter path, e.g. <c>shipping_options[1]</c>.</summary>
sealed record ShippingOptionRequest(string? ShippingRateId, ShippingRateTerms? Data, string Param);

/// <summary>One <c>discounts</c> entry: a stored coupon by id, inline terms (stored as a new coupon), or a promotion code by id.</summary>
sealed record DiscountRequest(string? CouponId, CouponTerms? Data, string Param, string? PromotionCodeId = null);
