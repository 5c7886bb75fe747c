using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using Session = OpenCheckout.Server.Features.Sessions.CheckoutSession;
using Coupon = OpenCheckout.Server.Features.Catalog.Coupon;
using ShippingRate = OpenCheckout.Server.Features.Catalog.ShippingRate;

namespace OpenCheckout.Server.Features.Sessions;

static class SessionsApi
{
    public static void MapSessions(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/checkout/sessions").WithTags("Checkout Sessions");
        group.MapPost("/", Create).WithName("CreateCheckoutSession").WithSummary("Create a checkout session from stored prices.");
        group.MapGet("/", List).WithName("ListCheckoutSessions")
            .WithSummary("List sessions, newest first; filter by status, client_reference_id, created[gte]/created[lte].");
        group.MapGet("/{id}", Get).WithName("GetCheckoutSession").WithSummary("Retrieve a checkout session.");
        group.MapGet("/{id}/line_items", LineItems).WithName("ListCheckoutSessionLineItems").WithSummary("List a session's line items.");
        group.MapPost("/{id}/expire", Expire).WithName("ExpireCheckoutSession").WithSummary("Expire an open session now.");
        group.MapPost("/{id}/capture", Capture).WithName("CaptureCheckoutSession")
            .WithSummary("Capture a manual-capture session's authorized payment (all, or amount_to_capture); the session becomes paid.");
    }

    static async Task<IResult> Capture(string id, HttpContext http, Merchant merchant, CheckoutDb db, PaymentService payments, TimeProvider clock,
        PublicUrls urls)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var amount = fields!.Integer("amount_to_capture", min: 1, max: Amount.Max);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == id, http.RequestAborted);
        if (session is null) return ApiErrors.NotFound("checkout session", id).ToResult();
        return await payments.CaptureAsync(session, amount, http.RequestAborted) switch
        {
            CaptureResult.Captured captured => Envelope(captured.Session, clock.GetUtcNow(), urls),
            CaptureResult.Refused refused => refused.Error.ToResult(),
            _ => throw new InvalidOperationException("Unknown capture result."),
        };
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, SessionPrices sessionPrices, GroupCommit commits,
        TimeProvider clock, PublicUrls urls, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var request = CreateSessionRequest.Parse(fields!, now);
        if (request is null) return ApiErrors.Invalid(fields!.Errors).ToResult();
        var ct = http.RequestAborted;

        var prices = sessionPrices.FindActive(merchant, request.LineItems.Select(l => l.PriceId));

        var lines = new List<SessionLineItem>(request.LineItems.Count);
        for (var i = 0; i < request.LineItems.Count; i++)
        {
            var (priceId, quantity) = request.LineItems[i];
            if (!prices.TryGetValue(priceId, out var price))
                return ApiErrors.PriceNotFound($"line_items[{i}].price", priceId).ToResult();
            if (price.Currency != prices[request.LineItems[0].PriceId].Currency)
                return ApiErrors.Invalid($"line_items[{i}].price", "currency_mismatch", "All line items must be priced in the same currency.").ToResult();
            if (Amount.Multiply(price.UnitAmount, quantity) is not { } lineTotal)
                return AmountTooLarge($"line_items[{i}].quantity").ToResult();
            lines.Add(new SessionLineItem(ObjectId.New(ObjectId.LineItem, now), price.Id, price.ProductId, price.ProductName,
                price.Description, price.UnitAmount, price.Currency, quantity, lineTotal, lineTotal, price.Metadata, price.CreatedAt));
        }
        if (Amount.Sum(lines.Select(l => l.AmountSubtotal)) is not { } subtotal) return AmountTooLarge("line_items").ToResult();
        var currency = lines[0].Currency;

        // Shipping rates and coupons go through EF Core (inline ones are created with the session); most sessions have neither.
        var db = request.ShippingOptions.Count + request.Discounts.Count == 0 ? null : http.RequestServices.GetRequiredService<CheckoutDb>();
        List<SessionShippingOption> shippingOptions = [];
        List<Coupon> coupons = [];
        if (db is not null)
        {
            (shippingOptions, var shippingError) = await ShippingOptionsAsync(request, merchant, currency, db, now, ct);
            if (shippingError is not null) return shippingError.ToResult();
            (coupons, var couponError) = await CouponsAsync(request, merchant, currency, db, now, ct);
            if (couponError is not null) return couponError.ToResult();
        }

        var applied = SessionPricing.ApplyDiscounts(
            lines.Select(l => new SessionPricing.Line(l.AmountSubtotal, l.PriceId, l.ProductId)).ToList(),
            coupons.Select(c => new SessionPricing.Discount(c.AmountOff, c.PercentOffBasisPoints, c.AppliesToPrices, c.AppliesToProducts)).ToList(),
            out var notApplicable);
        if (applied is null)
            return ApiErrors.CouponNotApplicable($"{request.Discounts[notApplicable!.Value].Param}", coupons[notApplicable.Value].Id).ToResult();
        lines = lines.Select((l, i) => l with { AmountDiscount = applied.LineDiscounts[i], AmountTotal = l.AmountSubtotal - applied.LineDiscounts[i] })
            .ToList();
        var discount = applied.DiscountAmounts.Sum(); // never more than the subtotal
        if (Amount.Sum(request.Fees.Select(f => f.Amount)) is not { } fees) return AmountTooLarge("fees").ToResult();
        // Every shipping option must give a representable total, since the buyer may choose any of them.
        var mostShipping = shippingOptions.Count == 0 ? 0 : shippingOptions.Max(o => o.Amount);
        if (SessionPricing.Total(subtotal - discount, mostShipping, request.Tax, fees) is null)
            return AmountTooLarge(shippingOptions.Count > 0 ? "shipping_options" : request.Tax > 0 ? "tax_rate.amount" : "fees").ToResult();
        var shipping = shippingOptions.FirstOrDefault()?.Amount ?? 0;

        var session = new Session
        {
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
            Discounts = coupons.Select((c, k) => new SessionDiscount(c.Id, c.Name, c.AmountOff, c.PercentOffBasisPoints, c.AppliesToPrices,
                c.AppliesToProducts, applied.DiscountAmounts[k])).ToList(),
            Fees = request.Fees,
            ShippingOptions = shippingOptions,
            ShippingRateId = shippingOptions.FirstOrDefault()?.ShippingRateId,
            ShippingAddressCollection = request.ShippingAddressCollection,
            ShippingAllowedCountries = request.AllowedCountries,
            AllowPromotionCodes = request.AllowPromotionCodes,
            CaptureMethod = request.CaptureMethod,
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ClientReferenceId = request.ClientReferenceId,
            Metadata = request.Metadata,
            Defaults = request.Defaults,
            RefundIds = [],
            CreatedAt = now.UtcDateTime,
            ExpiresAt = request.ExpiresAt ?? (now + options.Value.Sessions.DefaultLifetime).UtcDateTime,
        };
        // The session and whatever the request created with it (inline coupons, shipping rates) commit together,
        // in a commit shared with concurrent requests. The row is built here, so the single writer only inserts it.
        var created = db?.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList() ?? [];
        db?.ChangeTracker.Clear();
        var row = SessionRows.Values(session);
        await commits.RunAsync((writer, _) =>
        {
            if (created.Count > 0) writer.Db.AddRange(created);
            writer.Execute(SessionRows.Insert, row);
            return Task.FromResult(true);
        });
        return Envelope(session, now, urls);
    }

    /// <summary>Stored rates by id (active, this merchant's, in the session's currency if they name one); inline
    /// <c>shipping_rate_data</c> becomes a stored rate, saved with the session.</summary>
    static async Task<(List<SessionShippingOption> Options, ApiError? Error)> ShippingOptionsAsync(CreateSessionRequest request, Merchant merchant,
        string currency, CheckoutDb db, DateTimeOffset now, CancellationToken ct)
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
                db.ShippingRates.Add(rate);
            }
            if (rate.Currency is { } rateCurrency && rateCurrency != currency)
                return ([], ApiErrors.Invalid(option.Param, "currency_mismatch", $"The shipping rate is in {rateCurrency}; the line items are in {currency}."));
            if (options.Any(o => o.ShippingRateId == rate.Id))
                return ([], ApiErrors.Invalid(option.Param, "parameter_duplicate", $"Shipping rate {rate.Id} is offered twice."));
            options.Add(new SessionShippingOption(rate.Id, rate.DisplayName, rate.Amount, rate.Metadata));
        }
        return (options, null);
    }

    /// <summary>Stored coupons by id (still valid, in the session's currency if they name one); inline <c>coupon_data</c>
    /// becomes a stored coupon, saved with the session. One coupon may appear more than once (Flex's WooCommerce client
    /// sends a sale discount per unit).</summary>
    static async Task<(List<Coupon> Coupons, ApiError? Error)> CouponsAsync(CreateSessionRequest request, Merchant merchant, string currency,
        CheckoutDb db, DateTimeOffset now, CancellationToken ct)
    {
        var ids = request.Discounts.Where(d => d.CouponId is not null).Select(d => d.CouponId!).Distinct().ToList();
        var stored = ids.Count == 0 ? [] : await db.Coupons.AsNoTracking().OwnedBy(merchant).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var coupons = new List<Coupon>();
        foreach (var discount in request.Discounts)
        {
            Coupon coupon;
            if (discount.CouponId is { } id)
            {
                if (!stored.TryGetValue(id, out coupon!)) return ([], ApiErrors.CouponNotFound($"{discount.Param}.coupon_id", id));
                if (!coupon.Valid) return ([], ApiErrors.CouponExpired($"{discount.Param}.coupon_id", id));
            }
            else
            {
                coupon = discount.Data!.ToCoupon(ObjectId.New(ObjectId.Coupon, now), merchant.AccountId, merchant.TestMode, now.UtcDateTime);
                db.Coupons.Add(coupon);
            }
            if (coupon.AmountOff is not null && coupon.Currency is { } couponCurrency && couponCurrency != currency)
                return ([], ApiErrors.Invalid(discount.Param, "currency_mismatch", $"The coupon's amount_off is in {couponCurrency}; the line items are in {currency}."));
            coupons.Add(coupon);
        }
        return (coupons, null);
    }

    static ApiError AmountTooLarge(string param) =>
        ApiErrors.Invalid(param, "amount_too_large", $"The total must be at most {Amount.Max} in the currency's minor unit.");

    // The hottest read (every success page fetches the session): a statement compiled once per connection.
    static IResult Get(string id, Merchant merchant, PreparedSqlite sqlite, TimeProvider clock, PublicUrls urls)
    {
        Session? session;
        using (var read = sqlite.Rent()) session = SessionRows.Find(read.Connection, id, merchant);
        return session is null ? ApiErrors.NotFound("checkout session", id).ToResult() : Envelope(session, clock.GetUtcNow(), urls);
    }

    static IResult List(HttpContext http, Merchant merchant, PreparedSqlite sqlite, TimeProvider clock, PublicUrls urls)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        if (SessionListQuery.For(http.Request.Query, paging!, merchant, now, out error) is not { } page) return error!.ToResult();
        List<Session> items;
        bool hasMore;
        using (var read = sqlite.Rent()) items = SessionRows.Page(read.Connection, page.Sql, paging!.Limit, out hasMore, page.Values);
        if (page.OldestFirst) items.Reverse();
        return WireResults.Json(new CheckoutSessionList(items.Select(s => s.ToWire(now, urls)).ToList(), hasMore), WireJson.Default.CheckoutSessionList);
    }

    static async Task<IResult> LineItems(string id, HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant)
            .Where(s => s.Id == id).Select(s => new { s.LineItems, s.TestMode }).FirstOrDefaultAsync(ct);
        if (session is null) return ApiErrors.NotFound("checkout session", id).ToResult();

        // A session has at most 100 lines, stored with it: page them in memory, in their order on the session.
        IEnumerable<SessionLineItem> lines = session.LineItems;
        if (paging!.StartingAfter is { } after) lines = lines.SkipWhile(l => l.LineItemId != after).Skip(1);
        if (paging.EndingBefore is { } before) lines = lines.TakeWhile(l => l.LineItemId != before).TakeLast(paging.Limit);
        var page = lines.Skip(paging.Offset).Take(paging.Limit + 1).ToList();
        var hasMore = page.Count > paging.Limit;
        return WireResults.Json(new LineItemList(page.Take(paging.Limit).Select(l => l.ToWire(session.TestMode)).ToList(), hasMore),
            WireJson.Default.LineItemList);
    }

    static async Task<IResult> Expire(string id, HttpContext http, Merchant merchant, CheckoutDb db, TimeProvider clock, PublicUrls urls,
        SessionExpiry expiry)
    {
        var (_, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        // Conditional update: only an open, unexpired session changes, however many requests race.
        var expired = (await expiry.ExpireAsync(
            db.CheckoutSessions.OwnedBy(merchant).Where(s => s.Id == id && s.ExpiresAt > nowUtc), http.RequestAborted)).Count;
        var session = await db.CheckoutSessions.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(s => s.Id == id, http.RequestAborted);
        if (session is null) return ApiErrors.NotFound("checkout session", id).ToResult();
        if (expired == 0)
            return ApiErrors.StateConflict("checkout_session_not_open",
                $"Only open checkout sessions can be expired; this one is {SessionStatus.Effective(session.Status, session.ExpiresAt, now)}.").ToResult();
        return Envelope(session, now, urls);
    }

    static IResult Envelope(Session session, DateTimeOffset now, PublicUrls urls) =>
        WireResults.Json(new CheckoutSessionEnvelope(session.ToWire(now, urls)), WireJson.Default.CheckoutSessionEnvelope);
}
