using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Wire;
using OpenCheckout.Ids;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Server.Infrastructure.Time;
using Session = OpenCheckout.Server.Features.Sessions.CheckoutSession;

namespace OpenCheckout.Server.Features.Sessions;

static class SessionsApi
{
    public static void MapSessions(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/checkout/sessions").WithTags("Checkout Sessions");
        group.MapPost("/", Create)
            .WithName("CreateCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .Takes<CreateCheckoutSessionRequest>()
            .WithSummary("Create a checkout session from stored prices.");
        group.MapGet("/", List)
            .Expands("customer", "payment_intent")
            .WithName("ListCheckoutSessions")
            .Answers<CheckoutSessionList>()
            .Lists(
                Filter.OneOf("status", "Only sessions in this status.", "open", "complete", "expired"),
                Filter.Text("client_reference_id", "Only sessions made with this client_reference_id."),
                Filter.Text("payment_link", "Only sessions made by visits to this payment link."),
                Filter.UnixTime("created[gte]", "Only sessions created at or after this unix time."),
                Filter.UnixTime("created[lte]", "Only sessions created at or before this unix time."))
            .WithSummary("List sessions, newest first; filter by status, client_reference_id, payment_link, created[gte]/created[lte].");
        group.MapGet("/{id}", Get)
            .Expands("customer", "payment_intent")
            .WithName("GetCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .WithSummary("Retrieve a checkout session.");
        group.MapGet("/{id}/line_items", LineItems)
            .WithName("ListCheckoutSessionLineItems")
            .Answers<LineItemList>()
            .Lists()
            .WithSummary("List a session's line items.");
        group.MapPost("/{id}/expire", Expire)
            .WithName("ExpireCheckoutSession")
            .Answers<CheckoutSessionEnvelope>()
            .WithSummary("Expire an open session now.");
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, ActivePrices prices, ISessionStore sessions, TimeProvider clock,
        PublicUrls urls, IOptions<OpenCheckoutOptions> options)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var request = CreateSessionRequest.Parse(fields!, now);
        if (request is null) return ApiErrors.Invalid(fields!.Errors).ToResult();

        var (draft, refused) = await SessionDraft.BuildAsync(request, merchant, prices, http.RequestServices, now,
            options.Value.Sessions.DefaultLifetime, http.RequestAborted);
        if (refused is not null) return refused.ToResult();
        if (request.Mode == SessionModes.OffSession)
            return await http.RequestServices.GetRequiredService<IOffSessionCharges>()
                .CreateAndChargeAsync(http, merchant, draft!, request.PaymentMethodId!, http.RequestAborted);
        // The answer is made before the write: the writer only inserts, in a commit shared with concurrent requests.
        var response = Respond(draft!.Session, draft.Now, urls);
        if (response.Body.Length > CreateSessionRequest.MaxSessionBytes)
            return ApiErrors.SessionTooLarge(response.Body.Length, CreateSessionRequest.MaxSessionBytes).ToResult();
        return await http.WriteAsync(async (db, ct) =>
        {
            db.AddRange(draft.Created); // inline coupons and shipping rates, created with the session
            await sessions.AddAsync(db, draft.Session, ct);
            return response;
        });
    }

    // The hottest read: every success page fetches the session.
    static async Task<IResult> Get(string id, Merchant merchant, ISessionStore sessions, IObjectClock clocks, PublicUrls urls, CancellationToken ct)
    {
        var session = await sessions.FindAsync(id, merchant, ct);
        return session is null
            ? ApiErrors.NotFound("checkout session", id).ToResult()
            : Envelope(session, await clocks.NowAsync(session.TestClockId, ct), urls);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, ISessionStore sessions, TimeProvider clock, IObjectClock clocks, PublicUrls urls)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        if (SessionListFilter.Parse(http.Request.Query, out error) is not { } filter) return error!.ToResult();
        var now = clock.GetUtcNow();
        var (items, hasMore) = await sessions.ListAsync(filter, paging!, merchant, now, http.RequestAborted);
        // Sessions on a test clock are shown at their clock's time (read once per clock on the page).
        var clockTimes = new Dictionary<string, DateTimeOffset>();
        foreach (var clockId in items.Where(s => s.TestClockId is not null).Select(s => s.TestClockId!).Distinct())
            clockTimes[clockId] = await clocks.NowAsync(clockId, http.RequestAborted);
        return WireResults.Page(items.Select(s => s.ToWire(s.TestClockId is { } c ? clockTimes[c] : now, urls)).ToList(), hasMore, (page, more) => new CheckoutSessionList(page, more), WireJson.Default.CheckoutSessionList);
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

    static async Task<IResult> Expire(string id, HttpContext http, Merchant merchant, TimeProvider clock, PublicUrls urls, SessionExpiry expiry)
    {
        var (_, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        return await http.WriteAsync(async (db, ct) => await expiry.ExpireOneAsync(db, merchant, id, now, ct) switch
        {
            (_, { } refused) => refused.ToResponse(),
            (var session, _) => Respond(session!, now, urls),
        });
    }

    static IResult Envelope(Session session, DateTimeOffset now, PublicUrls urls) =>
        WireResults.Json(new CheckoutSessionEnvelope(session.ToWire(now, urls)), WireJson.Default.CheckoutSessionEnvelope);

    /// <summary>The envelope rendered for a write to return.</summary>
    public static ApiResponse Respond(Session session, DateTimeOffset now, PublicUrls urls) =>
        ApiResponse.Json(new CheckoutSessionEnvelope(session.ToWire(now, urls)), WireJson.Default.CheckoutSessionEnvelope);
}
