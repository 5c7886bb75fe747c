using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Money;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Sessions;

namespace OpenCheckout.Server.Features.Refunds;

static class RefundsApi
{
    public static void MapRefunds(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/refunds").WithTags("Refunds");
        group.MapPost("/", Create)
            .WithName("CreateRefund")
            .Answers<RefundEnvelope>()
            .Takes<CreateRefundRequest>()
            .WithSummary("Refund all or part of a succeeded payment intent.");
        group.MapGet("/", List)
            .WithName("ListRefunds")
            .Answers<RefundList>()
            .Lists(
                Filter.Text("payment_intent_id", "Only this payment intent's refunds (Stripe: payment_intent)."),
                Filter.Text("checkout_session", "Only this session's refunds."))
            .WithSummary("List refunds, newest first; filter by payment_intent_id or checkout_session.");
        group.MapGet("/{id}", Get)
            .WithName("GetRefund")
            .Answers<RefundEnvelope>()
            .WithSummary("Retrieve a refund.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateRefund")
            .Answers<RefundEnvelope>()
            .Takes<UpdateRefundRequest>()
            .WithSummary("Update a refund's reason or metadata.");
        group.MapPost("/{id}", Update)
            .WithName("UpdateRefundByPost")
            .Answers<RefundEnvelope>()
            .Takes<UpdateRefundRequest>()
            .WithSummary("Update a refund (POST spelling).");

        v1.MapPost("/checkout/sessions/{id}/refund", RefundSession)
            .WithTags("Checkout Sessions")
            .WithName("RefundCheckoutSession")
            .Answers<RefundEnvelope>()
            .Takes<RefundCheckoutSessionRequest>()
            .WithSummary("Refund a complete session: everything that remains, an amount, or per line item.");
    }

    /// <summary>Fields of the refund object a client may echo back on update; accepted and ignored.</summary>
    static readonly string[] ReadOnlyFields =
        ["refund_id", "id", "object", "payment_intent_id", "payment_intent", "checkout_session", "currency", "status", "created_at", "created", "test_mode"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, RefundService refunds)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "refund");
        if (error is not null) return error.ToResult();
        var paymentIntentId = fields!.String("payment_intent_id", 64);
        // Stripe's spelling, for clients written against it.
        var stripeSpelling = fields.String("payment_intent", 64);
        if (paymentIntentId is not null && stripeSpelling is not null && paymentIntentId != stripeSpelling)
            fields.AddError("payment_intent", "parameter_conflict", "payment_intent and payment_intent_id name different payment intents.");
        paymentIntentId ??= stripeSpelling;
        if (paymentIntentId is null && !fields.HasErrors)
            fields.AddError("payment_intent_id", "parameter_missing", "Missing required param: payment_intent_id.");
        var amount = fields.Integer("amount", min: 1, max: Amount.Max);
        var reason = Reason(fields, "reason");
        var metadata = fields.Metadata("metadata") ?? [];
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        RefundAmount how = amount is { } exactly ? new RefundAmount.Exactly(exactly, "amount") : new RefundAmount.Remaining();
        return await http.WriteAsync(async (db, ct) =>
        {
            if (!await db.PaymentIntents.OwnedBy(merchant).AnyAsync(p => p.Id == paymentIntentId, ct))
                return ApiErrors.PaymentIntentNotFound("payment_intent_id", paymentIntentId!).ToResponse();
            return await refunds.RefundAsync(db, paymentIntentId!, new RefundRequest(how, reason, metadata), ct) switch
            {
                RefundResult.Created created => Respond(created.Refund),
                RefundResult.Refused refused => refused.Error.ToResponse(),
                _ => throw new InvalidOperationException("Unknown refund result."),
            };
        });
    }

    /// <summary>Body: <c>{}</c> (everything that remains), <c>{amount}</c>, or <c>{line_items: [{price | product,
    /// amount_to_refund?}]}</c>; <c>refund_metadata</c> becomes the refund's metadata.</summary>
    static async Task<IResult> RefundSession(string id, HttpContext http, Merchant merchant, RefundService refunds,
        TimeProvider clock, PublicUrls urls)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "checkout_session");
        if (error is not null) return error.ToResult();
        var amount = fields!.Integer("amount", min: 1, max: Amount.Max);
        var lineItems = fields.Objects("line_items", required: false, minCount: 1, maxCount: 100);
        var lines = new List<LineRefund>();
        foreach (var (line, index) in (lineItems ?? []).Select((l, i) => (l, i)))
        {
            var param = $"line_items[{index}]";
            var price = line.String("price", 64);
            var priceId = line.String("price_id", 64);
            if (price is not null && priceId is not null && price != priceId)
                line.AddError("price_id", "parameter_conflict", "price and price_id name different prices.");
            price ??= priceId;
            var product = line.String("product", 64);
            if (price is null && product is null) line.AddError("price", "parameter_missing", "Each of line_items needs a price or a product.");
            else if (price is not null && product is not null)
                line.AddError("product", "parameter_conflict", "Name a line item by price or by product, not both.");
            var amountToRefund = line.Integer("amount_to_refund", min: 1, max: Amount.Max);
            line.RejectUnknown();
            lines.Add(new LineRefund(price, price is null ? product : null, amountToRefund, param));
        }
        if (amount is not null && lineItems is not null)
            fields.AddError("line_items", "parameter_conflict", "Use only one of amount and line_items.");
        var metadata = fields.Metadata("refund_metadata") ?? [];
        var reason = Reason(fields, "reason");
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        RefundAmount how = amount is { } exactly ? new RefundAmount.Exactly(exactly, "amount")
            : lineItems is not null ? new RefundAmount.Lines(lines)
            : new RefundAmount.Remaining();
        return await http.WriteAsync(async (db, ct) =>
        {
            if (await refunds.RefundSessionAsync(db, merchant, id, new RefundRequest(how, reason, metadata), ct) is RefundResult.Refused refused)
                return refused.Error.ToResponse();
            var refunded = await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == id, ct);
            return SessionsApi.Respond(refunded, clock.GetUtcNow(), urls);
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var refund = await db.Refunds.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(r => r.Id == id, ct);
        return refund is null ? ApiErrors.NotFound("refund", id).ToResult() : Envelope(refund);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var refunds = db.Refunds.AsNoTracking().OwnedBy(merchant);
        if ((query["payment_intent_id"].FirstOrDefault() ?? query["payment_intent"].FirstOrDefault()) is { } intent)
            refunds = refunds.Where(r => r.PaymentIntentId == intent);
        if (query["checkout_session"].FirstOrDefault() is { } session) refunds = refunds.Where(r => r.SessionId == session);
        var (items, hasMore) = await refunds.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(r => r.ToWire()).ToList(), hasMore, (page, more) => new RefundList(page, more), WireJson.Default.RefundList);
    }

    /// <summary>Only reason and metadata change (metadata is replaced as a whole, as on prices and products);
    /// a change is recorded as <c>refund.updated</c> in the same save. The amount is fixed: an equal or null
    /// <c>amount</c> sent back is ignored, a different one refused.</summary>
    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, RefundService refunds, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "refund");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        var amount = fields.Integer("amount");
        var setReason = fields.Contains("reason");
        var newReason = setReason ? Reason(fields, "reason") : null;
        var newMetadata = fields.Metadata("metadata");
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var refund = await db.Refunds.OwnedBy(merchant).FirstOrDefaultAsync(r => r.Id == id, ct);
            if (refund is null) return ApiErrors.NotFound("refund", id).ToResponse();
            var errors = fields.Errors.ToList();
            if (amount is { } changed && changed != refund.Amount)
                errors.Add(new("amount", "parameter_immutable", "A refund's amount cannot change: create another refund instead."));
            if (errors.Count > 0) return ApiErrors.Invalid(errors).ToResponse();
            var reason = setReason ? newReason : refund.Reason;
            var metadata = newMetadata ?? refund.Metadata;
            if (reason != refund.Reason || !metadata.OrderBy(m => m.Key).SequenceEqual(refund.Metadata.OrderBy(m => m.Key)))
            {
                (refund.Reason, refund.Metadata, refund.UpdatedAt) = (reason, metadata, clock.GetUtcNow().UtcDateTime);
                refunds.Record(db, EventTypes.RefundUpdated, refund);
            }
            return Respond(refund);
        });
    }

    /// <summary><c>duplicate</c>, <c>fraudulent</c>, <c>requested_by_customer</c> or null.</summary>
    static string? Reason(JsonFields fields, string name)
    {
        var reason = fields.String(name, 40);
        if (reason is null || RefundReason.IsKnown(reason)) return reason;
        fields.AddError(name, "parameter_invalid_string", $"{fields.Param(name)} must be duplicate, fraudulent or requested_by_customer.");
        return null;
    }

    static IResult Envelope(Refund refund) => WireResults.Json(new RefundEnvelope(refund.ToWire()), WireJson.Default.RefundEnvelope);

    static ApiResponse Respond(Refund refund) => ApiResponse.Json(new RefundEnvelope(refund.ToWire()), WireJson.Default.RefundEnvelope);
}
