using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A new session as a create request makes it, priced and checked, with whatever it creates alongside
/// (inline <c>coupon_data</c> and <c>shipping_rate_data</c> become stored coupons and rates): everything one write stores.
/// Building it writes nothing.</summary>
/// <see cref="Now"/> is the time the session was made at: its customer's test clock's, or real time.
sealed record SessionDraft(CheckoutSession Session, IReadOnlyList<object> Created, DateTimeOffset Now)
{
    /// <summary><paramref name="creating"/>: prices the same write creates (a payment link's inline <c>price_data</c>), not yet stored.</summary>
    public static async Task<(SessionDraft? Draft, ApiError? Error)> BuildAsync(CreateSessionRequest request, Merchant merchant,
        ActivePrices activePrices, IServiceProvider services, DateTimeOffset now, TimeSpan lifetime, CancellationToken ct,
        IReadOnlyDictionary<string, ActivePrice>? creating = null)
    {
        // A live session nobody could pay is refused here rather than shown as a page whose every card declines.
        if (!merchant.TestMode && !await services.GetRequiredService<ILiveProcessors>().ConfiguredAsync(merchant.AccountId, ct))
            return (null, ApiErrors.ProcessorNotConfigured());
        var prices = await activePrices.FindAsync(merchant, request.LineItems.Select(l => l.PriceId).Where(id => creating?.ContainsKey(id) != true), ct);
        foreach (var (id, price) in creating ?? new Dictionary<string, ActivePrice>()) prices[id] = price;

        var lines = new List<SessionLineItem>(request.LineItems.Count);
        for (var i = 0; i < request.LineItems.Count; i++)
        {
            var (priceId, quantity) = request.LineItems[i];
            if (!prices.TryGetValue(priceId, out var price))
                return (null, ApiErrors.PriceNotFound($"line_items[{i}].price", priceId));
            if (price.Currency != prices[request.LineItems[0].PriceId].Currency)
                return (null, ApiErrors.Invalid($"line_items[{i}].price", "currency_mismatch", "All line items must be priced in the same currency."));
            if (Amount.Multiply(price.UnitAmount, quantity) is not { } lineTotal)
                return (null, AmountTooLarge($"line_items[{i}].quantity"));
            lines.Add(new SessionLineItem(ObjectId.New(ObjectId.LineItem, now), price.Id, price.ProductId, price.ProductName,
                price.Description, price.UnitAmount, price.Currency, quantity, lineTotal, lineTotal, price.CreatedAt));
        }
        var (subscription, recurringError) = SubscriptionTerms(request, lines, prices);
        if (recurringError is not null) return (null, recurringError);
        // A trial's first period is free: its recurring lines cost nothing today; one-time lines are paid now.
        if (subscription?.TrialPeriodDays is not null)
            lines = lines.ConvertAll(l => subscription.RecurringLineItemIds.Contains(l.LineItemId) ? l with { AmountSubtotal = 0, AmountTotal = 0 } : l);
        if (Amount.Sum(lines.Select(l => l.AmountSubtotal)) is not { } subtotal) return (null, AmountTooLarge("line_items"));
        var currency = lines[0].Currency;

        // Most sessions have neither shipping rates nor coupons, and need no context for them.
        List<SessionShippingOption> shippingOptions = [];
        List<SessionDiscount> discountTerms = [];
        List<object> created = [];
        if (request.ShippingOptions.Count + request.Discounts.Count > 0)
        {
            var db = services.GetRequiredService<CheckoutDb>();
            (shippingOptions, var shippingError) = await ShippingOptionsAsync(request, merchant, currency, db, created, now, ct);
            if (shippingError is not null) return (null, shippingError);
            (discountTerms, var couponError) = await DiscountsAsync(request, merchant, currency, subtotal, db, created, now, ct);
            if (couponError is not null) return (null, couponError);
        }

        if (SessionPricing.Discounted(lines, discountTerms, out var notApplicable) is not { } discounted)
            return (null, ApiErrors.CouponNotApplicable($"{request.Discounts[notApplicable!.Value].Param}", discountTerms[notApplicable.Value].CouponId));
        (lines, var discounts) = discounted;
        var discount = discounts.Sum(d => d.Amount); // never more than the subtotal
        if (Amount.Sum(request.Fees.Select(f => f.Amount)) is not { } fees) return (null, AmountTooLarge("fees"));
        // Every shipping option must give a representable total, since the buyer may choose any of them.
        var mostShipping = shippingOptions.Count == 0 ? 0 : shippingOptions.Max(o => o.Amount);
        if (SessionPricing.Total(subtotal - discount, mostShipping, request.Tax, fees) is null)
            return (null, AmountTooLarge(shippingOptions.Count > 0 ? "shipping_options" : request.Tax > 0 ? "tax_rate.amount" : "fees"));
        var shipping = shippingOptions.FirstOrDefault()?.Amount ?? 0;

        var (customer, defaults) = (default(Customer), request.Defaults);
        if (request.Customer is { } reference)
        {
            var db = services.GetRequiredService<CheckoutDb>();
            customer = await db.Customers.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == reference.Id && c.DeletedAt == null, ct);
            if (customer is null && reference.Required) return (null, ApiErrors.CustomerNotFound("customer", reference.Id));
            // The page starts from what the merchant knows of the buyer; what the request says itself comes first.
            if (customer is not null)
                defaults = new SessionDefaults(defaults?.Email ?? customer.Email, defaults?.FirstName ?? customer.FirstName,
                    defaults?.LastName ?? customer.LastName, defaults?.Phone ?? customer.Phone);
            // A customer on a test clock makes the session the clock's: made, and later expired, at the clock's time.
            if (customer?.TestClockId is { } clockId) now = await services.GetRequiredService<IObjectClock>().NowAsync(db, clockId, ct);
            if (reference.Required && request.ExpiresAt is { } requested
                && CreateSessionRequest.ExpiresAtRefusal(requested, now, onClock: customer?.TestClockId is not null) is { } refusal)
                return (null, ApiErrors.Invalid("expires_at", "parameter_out_of_range", refusal));
        }

        var session = new CheckoutSession
        {
            PaymentLinkId = request.PaymentLinkId,
            Id = ObjectId.New(ObjectId.Session, now),
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Status = SessionStatus.Open,
            PaymentStatus = PaymentStatus.Unpaid,
            Currency = currency,
            AmountSubtotal = subtotal,
            AmountDiscount = discount,
            AmountShipping = shipping,
            AmountTax = request.Tax,
            AmountFees = fees,
            AmountTotal = SessionPricing.Total(subtotal - discount, shipping, request.Tax, fees)!.Value,
            LineItems = lines,
            Discounts = discounts,
            Fees = request.Fees,
            ShippingOptions = shippingOptions,
            ShippingRateId = shippingOptions.FirstOrDefault()?.ShippingRateId,
            ShippingAddressCollection = request.ShippingAddressCollection,
            ShippingAllowedCountries = request.AllowedCountries,
            AllowPromotionCodes = request.AllowPromotionCodes,
            Mode = request.Mode,
            SetupFutureUse = request.SetupFutureUse,
            Subscription = subscription,
            CaptureMethod = request.CaptureMethod,
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ClientReferenceId = request.ClientReferenceId,
            Metadata = request.Metadata,
            Defaults = defaults,
            CustomerId = customer?.Id,
            RefundIds = [],
            CreatedAt = now.UtcDateTime,
            ExpiresAt = request.ExpiresAt ?? (now + lifetime).UtcDateTime,
            TestClockId = customer?.TestClockId,
        };
        return (new SessionDraft(session, created, now), null);
    }

    /// <summary>Stored rates by id (active, this merchant's, in the session's currency if they name one); inline
    /// <c>shipping_rate_data</c> becomes a stored rate, saved with the session.</summary>
    static async Task<(List<SessionShippingOption> Options, ApiError? Error)> ShippingOptionsAsync(CreateSessionRequest request, Merchant merchant,
        string currency, CheckoutDb db, List<object> created, DateTimeOffset now, CancellationToken ct)
    {
        var ids = request.ShippingOptions.Where(o => o.ShippingRateId is not null).Select(o => o.ShippingRateId!).Distinct().ToList();
        var stored = ids.Count == 0 ? [] : await db.ShippingRates.AsNoTracking().OwnedBy(merchant)
            .Where(r => ids.Contains(r.Id) && r.Active).ToDictionaryAsync(r => r.Id, ct);
        var options = new List<SessionShippingOption>();
        foreach (var option in request.ShippingOptions)
        {
            ShippingRate rate;
            if (option.ShippingRateId is { } id)
            {
                if (!stored.TryGetValue(id, out rate!)) return ([], ApiErrors.ShippingRateNotFound($"{option.Param}.shipping_rate_id", id));
            }
            else
            {
                rate = option.Data!.ToShippingRate(ObjectId.New(ObjectId.ShippingRate, now), merchant.AccountId, merchant.TestMode, now.UtcDateTime);
                created.Add(rate);
            }
            if (rate.Currency is { } rateCurrency && rateCurrency != currency)
                return ([], ApiErrors.Invalid(option.Param, "currency_mismatch", $"The shipping rate is in {rateCurrency}; the line items are in {currency}."));
            if (options.Any(o => o.ShippingRateId == rate.Id))
                return ([], ApiErrors.Invalid(option.Param, "parameter_duplicate", $"Shipping rate {rate.Id} is offered twice."));
            options.Add(new SessionShippingOption(rate.Id, rate.DisplayName, rate.Amount, rate.Metadata));
        }
        return (options, null);
    }

    /// <summary>The discounts' terms, in order: stored coupons by id (still valid, in the session's currency if they name one);
    /// inline <c>coupon_data</c>, which becomes a stored coupon, saved with the session; a promotion code's coupon, when the code
    /// can be used on this order now (payment checks it again, and first-time-ness with the buyer's email). One coupon may appear
    /// more than once (Flex's WooCommerce client sends a sale discount per unit).</summary>
    static async Task<(List<SessionDiscount> Discounts, ApiError? Error)> DiscountsAsync(CreateSessionRequest request, Merchant merchant,
        string currency, long subtotal, CheckoutDb db, List<object> created, DateTimeOffset now, CancellationToken ct)
    {
        var ids = request.Discounts.Where(d => d.CouponId is not null).Select(d => d.CouponId!).Distinct().ToList();
        var stored = ids.Count == 0 ? [] : await db.Coupons.AsNoTracking().OwnedBy(merchant).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var discounts = new List<SessionDiscount>();
        foreach (var discount in request.Discounts)
        {
            Coupon coupon;
            PromoCode? promo = null;
            if (discount.PromotionCodeId is { } promoId)
            {
                var found = await db.PromoCodes.AsNoTracking().OwnedBy(merchant).Where(p => p.Id == promoId)
                    .Join(db.Coupons, p => p.CouponId, c => c.Id, (p, c) => new { Promo = p, Coupon = c }).FirstOrDefaultAsync(ct);
                if (found is null) return ([], ApiErrors.PromoCodeNotFound($"{discount.Param}.promotion_code", promoId));
                if (found.Promo.Refusal(found.Coupon, currency, subtotal, now.UtcDateTime) is { } refusal)
                    return ([], ApiErrors.Invalid($"{discount.Param}.promotion_code", "promotion_code_invalid", $"Promotion code {promoId}: {refusal}"));
                (coupon, promo) = (found.Coupon, found.Promo);
            }
            else if (discount.CouponId is { } id)
            {
                if (!stored.TryGetValue(id, out coupon!)) return ([], ApiErrors.CouponNotFound($"{discount.Param}.coupon_id", id));
                if (!coupon.Valid) return ([], ApiErrors.CouponExpired($"{discount.Param}.coupon_id", id));
            }
            else
            {
                coupon = discount.Data!.ToCoupon(ObjectId.New(ObjectId.Coupon, now), merchant.AccountId, merchant.TestMode, now.UtcDateTime);
                created.Add(coupon);
            }
            if (coupon.AmountOff is not null && coupon.Currency is { } couponCurrency && couponCurrency != currency)
                return ([], ApiErrors.Invalid(discount.Param, "currency_mismatch", $"The coupon's amount_off is in {couponCurrency}; the line items are in {currency}."));
            discounts.Add(SessionDiscount.Of(coupon, promo));
        }
        return (discounts, null);
    }

    /// <summary>A recurring price belongs in a subscription-mode session, whose recurring prices all bill on one schedule (as
    /// Stripe requires); one-time prices join its first invoice. The trial: <c>subscription_data</c>'s, else the first
    /// recurring price's own.</summary>
    static (SessionSubscription? Terms, ApiError? Error) SubscriptionTerms(CreateSessionRequest request, List<SessionLineItem> lines,
        Dictionary<string, ActivePrice> prices)
    {
        var recurring = new List<(int Index, SessionLineItem Line, Recurrence Recurrence, int? TrialDays)>();
        for (var i = 0; i < lines.Count; i++)
            if (prices[lines[i].PriceId] is { Recurrence: { } recurrence } price) recurring.Add((i, lines[i], recurrence, price.TrialPeriodDays));
        if (request.Mode != SessionModes.Subscription)
            return recurring.Count == 0 ? (null, null) : (null, ApiErrors.Invalid($"line_items[{recurring[0].Index}].price", "price_recurring",
                $"Price {recurring[0].Line.PriceId} is recurring: use mode 'subscription', or only one-time prices in mode '{request.Mode}'."));
        if (recurring.Count == 0)
            return (null, ApiErrors.Invalid("line_items", "recurring_price_missing", "A subscription-mode session needs at least one recurring price."));
        var schedule = recurring[0].Recurrence;
        if (recurring.FirstOrDefault(r => r.Recurrence != schedule) is { Line: not null } other)
            return (null, ApiErrors.Invalid($"line_items[{other.Index}].price", "recurring_interval_mismatch",
                "Every recurring price of a subscription must bill on the same interval and interval_count."));
        if (Amount.Sum(recurring.Select(r => r.Line.AmountSubtotal)) is not { } perPeriod) return (null, AmountTooLarge("line_items"));
        var data = request.Subscription ?? new SubscriptionData(null, []);
        var trialDays = data.TrialPeriodDays ?? recurring.Select(r => r.TrialDays).FirstOrDefault(d => d is not null);
        return (new SessionSubscription(schedule.Interval, schedule.Count, trialDays, recurring.ConvertAll(r => r.Line.LineItemId), perPeriod,
            data.Metadata), null);
    }

    static ApiError AmountTooLarge(string param) =>
        ApiErrors.Invalid(param, "amount_too_large", $"The total must be at most {Amount.Max} in the currency's minor unit.");
}
