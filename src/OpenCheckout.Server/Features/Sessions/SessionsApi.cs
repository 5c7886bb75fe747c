using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using Session = OpenCheckout.Server.Features.Sessions.CheckoutSession;

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
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, CheckoutDb db, GroupCommit commits, TimeProvider clock,
        PublicUrls urls, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var request = CreateSessionRequest.Parse(fields!, now);
        if (request is null) return ApiErrors.Invalid(fields!.Errors).ToResult();

        var priceIds = request.LineItems.Select(l => l.PriceId).Distinct().ToList();
        var prices = await db.Prices.AsNoTracking().OwnedBy(merchant)
            .Where(p => priceIds.Contains(p.Id) && p.Active)
            .Join(db.Products, p => p.ProductId, product => product.Id, (p, product) => new { Price = p, ProductName = product.Name })
            .ToDictionaryAsync(x => x.Price.Id, http.RequestAborted);

        var lines = new List<SessionLineItem>(request.LineItems.Count);
        for (var i = 0; i < request.LineItems.Count; i++)
        {
            var (priceId, quantity) = request.LineItems[i];
            if (!prices.TryGetValue(priceId, out var found))
                return ApiErrors.PriceNotFound($"line_items[{i}].price", priceId).ToResult();
            var price = found.Price;
            if (price.Currency != prices[request.LineItems[0].PriceId].Price.Currency)
                return ApiErrors.Invalid($"line_items[{i}].price", "currency_mismatch", "All line items must be priced in the same currency.").ToResult();
            if (Amount.Multiply(price.UnitAmount, quantity) is not { } lineTotal)
                return AmountTooLarge($"line_items[{i}].quantity").ToResult();
            lines.Add(new SessionLineItem(ObjectId.New(ObjectId.LineItem, now), price.Id, price.ProductId, found.ProductName,
                price.Description, price.UnitAmount, price.Currency, quantity, lineTotal, lineTotal, price.Metadata, price.CreatedAt));
        }
        if (Amount.Sum(lines.Select(l => l.AmountTotal)) is not { } total) return AmountTooLarge("line_items").ToResult();

        var session = new Session
        {
            Id = ObjectId.New(ObjectId.Session, now),
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Status = SessionStatus.Open,
            PaymentStatus = PaymentStatus.Unpaid,
            Currency = lines[0].Currency,
            AmountSubtotal = total,
            AmountTotal = total,
            LineItems = lines,
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ClientReferenceId = request.ClientReferenceId,
            Metadata = request.Metadata,
            Defaults = request.Defaults,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = request.ExpiresAt ?? (now + options.Value.Sessions.DefaultLifetime).UtcDateTime,
        };
        await commits.AddAsync(session);
        return Envelope(session, now, urls);
    }

    static ApiError AmountTooLarge(string param) =>
        ApiErrors.Invalid(param, "amount_too_large", $"The total must be at most {Amount.Max} in the currency's minor unit.");

    // The hottest read (every success page fetches the session): compiled once, so no expression tree is
    // rebuilt and evaluated per request.
    static readonly Func<CheckoutDb, string, string, bool, CancellationToken, Task<Session?>> FindSession = EF.CompileAsyncQuery(
        (CheckoutDb db, string id, string accountId, bool testMode, CancellationToken _) => db.CheckoutSessions.AsNoTracking()
            .FirstOrDefault(s => s.Id == id && s.AccountId == accountId && s.TestMode == testMode));

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, TimeProvider clock, PublicUrls urls, CancellationToken ct)
    {
        var session = await FindSession(db, id, merchant.AccountId, merchant.TestMode, ct);
        return session is null ? ApiErrors.NotFound("checkout session", id).ToResult() : Envelope(session, clock.GetUtcNow(), urls);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, TimeProvider clock, PublicUrls urls, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var sessions = db.CheckoutSessions.AsNoTracking().OwnedBy(merchant);

        // Status filters use the status a reader sees: an open session past expires_at counts as expired.
        switch (query["status"].FirstOrDefault())
        {
            case null: break;
            case SessionStatus.Open: sessions = sessions.Where(s => s.Status == SessionStatus.Open && s.ExpiresAt > nowUtc); break;
            case SessionStatus.Complete: sessions = sessions.Where(s => s.Status == SessionStatus.Complete); break;
            case SessionStatus.Expired:
                sessions = sessions.Where(s => s.Status == SessionStatus.Expired || (s.Status == SessionStatus.Open && s.ExpiresAt <= nowUtc));
                break;
            default: return ApiErrors.Invalid("status", "parameter_invalid_string", "status must be open, complete or expired.").ToResult();
        }
        if (query["client_reference_id"].FirstOrDefault() is { } reference) sessions = sessions.Where(s => s.ClientReferenceId == reference);
        if (QueryFilters.UnixTime(query, "created[gte]", out error) is { } from) sessions = sessions.Where(s => s.CreatedAt >= from);
        if (error is not null) return error.ToResult();
        if (QueryFilters.UnixTime(query, "created[lte]", out error) is { } to)
        {
            var before = to.AddSeconds(1); // created is shown in whole seconds; lte includes the whole second
            sessions = sessions.Where(s => s.CreatedAt < before);
        }
        if (error is not null) return error.ToResult();

        var (items, hasMore) = await sessions.PageAsync(paging!, ct);
        return Results.Json(new CheckoutSessionList(items.Select(s => s.ToWire(now, urls)).ToList(), hasMore), WireJson.Default.CheckoutSessionList);
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
        return Results.Json(new LineItemList(page.Take(paging.Limit).Select(l => l.ToWire(session.TestMode)).ToList(), hasMore),
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
        Results.Json(new CheckoutSessionEnvelope(session.ToWire(now, urls)), WireJson.Default.CheckoutSessionEnvelope);
}
