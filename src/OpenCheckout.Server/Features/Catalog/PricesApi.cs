using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Money;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.Catalog;

static class PricesApi
{
    public static void MapPrices(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/prices").WithTags("Prices");
        group.MapPost("/", Create)
            .WithName("CreatePrice")
            .Answers<PriceEnvelope>()
            .Takes<CreatePriceRequest>()
            .WithSummary("Create a one-time or recurring price for a product.");
        group.MapGet("/", List)
            .Expands("product")
            .WithName("ListPrices")
            .Answers<PriceList>()
            .Lists(
                Filter.Text("product", "Only this product's prices."),
                Filter.Flag("active", "Only active (true) or retired (false) prices."))
            .WithSummary("List prices, newest first; filter by product and active.");
        group.MapGet("/{id}", Get)
            .Expands("product")
            .WithName("GetPrice")
            .Answers<PriceEnvelope>()
            .WithSummary("Retrieve a price.");
        group.MapPost("/{id}", Update)
            .WithName("UpdatePrice")
            .Answers<PriceEnvelope>()
            .Takes<UpdatePriceRequest>()
            .WithSummary("Update a price's description, active flag or metadata.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdatePriceByPatch")
            .Answers<PriceEnvelope>()
            .Takes<UpdatePriceRequest>()
            .WithSummary("Update a price (PATCH spelling).");
    }

    static readonly string[] ReadOnlyFields = ["price_id", "id", "object", "created_at", "created", "test_mode", "livemode"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "price");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        var productId = fields.String("product", 64, required: true);
        var unitAmount = fields.Integer("unit_amount", required: true, min: 0, max: Amount.Max);
        var currency = fields.String("currency", CatalogRules.CurrencyLength) ?? Currency.Default;
        if (CatalogRules.UnsupportedCurrency(currency) is { } unsupported) fields.AddError("currency", "currency_invalid", unsupported);
        var description = fields.String("description", CatalogRules.DescriptionLength);
        var active = fields.Boolean("active") ?? true;
        var metadata = fields.Metadata("metadata") ?? [];
        var (recurrence, trialDays) = RecurrenceOf(fields);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var price = CatalogWrites.NewPrice(merchant, productId!, unitAmount!.Value, currency, description, active, metadata, clock.GetUtcNow(),
            recurrence, trialDays);
        return await http.WriteAsync(async (db, ct) =>
            await CatalogWrites.AddPriceAsync(db, merchant, price, ct) is { } refused ? refused.ToResponse() : Respond(price));
    }

    /// <summary><c>recurring</c> makes a recurring price; <c>type</c>, if sent, must agree with it; <c>trial_period_days</c>
    /// may sit in <c>recurring</c> (Stripe) or beside it (Flex).</summary>
    static (Recurrence?, int?) RecurrenceOf(JsonFields fields)
    {
        var type = fields.String("type", 20);
        var (recurrence, trialDays) = Recurrence.Parse(fields);
        if (fields.Contains("trial_period_days"))
        {
            var outer = Recurrence.TrialDays(fields);
            if (trialDays is not null && outer is not null && outer != trialDays)
                fields.AddError("trial_period_days", "parameter_conflict", "trial_period_days differs from recurring.trial_period_days.");
            trialDays ??= outer;
        }
        var recurring = fields.Has("recurring");
        if (type is not (null or "one_time" or "recurring"))
            fields.AddError("type", "parameter_invalid_string", "type must be 'one_time' or 'recurring'.");
        else if (type == "recurring" && !recurring)
            fields.AddError("recurring", "parameter_missing", "A recurring price needs recurring: {interval, interval_count}.");
        else if (type == "one_time" && recurring)
            fields.AddError("type", "parameter_conflict", "A one_time price has no recurring; drop one of them.");
        if (trialDays is not null && !recurring)
            fields.AddError("trial_period_days", "parameter_invalid", "trial_period_days is for recurring prices.");
        return (recurrence, trialDays);
    }

    /// <summary>Amount, currency, product and recurrence are immutable. Clients send them back on update (Flex's sends
    /// <c>unit_amount: null</c> when retiring a price), so equal or null values are accepted and ignored.</summary>
    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, CatalogWrites catalog)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "price");
        if (error is not null) return error.ToResult();
        fields!.Ignore(ReadOnlyFields);
        fields.Ignore("product");
        var (recurrence, trialDays) = fields.Has("recurring") || fields.Has("type") || fields.Has("trial_period_days")
            ? RecurrenceOf(fields) : (null, null);
        var recurrenceSent = fields.Has("recurring") || fields.Has("type");
        var amount = fields.Integer("unit_amount");
        var currency = fields.String("currency", CatalogRules.CurrencyLength);
        var setDescription = fields.Contains("description");
        var description = fields.String("description", CatalogRules.DescriptionLength);
        var active = fields.Boolean("active");
        var metadata = fields.Metadata("metadata");
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var price = await CatalogWrites.FindPriceAsync(db, merchant, id, ct);
            if (price is null) return ApiErrors.NotFound("price", id).ToResponse();
            var errors = new List<FieldError>();
            if (amount is not null && amount != price.UnitAmount)
                errors.Add(new("unit_amount", "parameter_immutable", "A price's unit_amount cannot change: create a new price instead."));
            if (currency is not null && currency != price.Currency)
                errors.Add(new("currency", "parameter_immutable", "A price's currency cannot change: create a new price instead."));
            if (recurrenceSent && recurrence != price.Recurrence || trialDays is not null && trialDays != price.TrialPeriodDays)
                errors.Add(new("recurring", "parameter_immutable", "A price's recurrence and trial cannot change: create a new price instead."));
            errors.AddRange(fields.Errors);
            if (errors.Count > 0) return ApiErrors.Invalid(errors).ToResponse();
            catalog.ChangePrice(db, price, p =>
            {
                if (setDescription) p.Description = description;
                if (active is not null) p.Active = active.Value;
                if (metadata is not null) p.Metadata = metadata;
            });
            return Respond(price);
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var price = await db.Prices.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        return price is null
            ? ApiErrors.NotFound("price", id).ToResult()
            : WireResults.Json(new PriceEnvelope(price.ToWire()), WireJson.Default.PriceEnvelope);
    }

    static ApiResponse Respond(Price price) => ApiResponse.Json(new PriceEnvelope(price.ToWire()), WireJson.Default.PriceEnvelope);

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.Prices.AsNoTracking().OwnedBy(merchant);
        if (http.Request.Query["product"].FirstOrDefault() is { } product) query = query.Where(p => p.ProductId == product);
        if (QueryFilters.Boolean(http.Request.Query, "active", out var filterError) is { } active) query = query.Where(p => p.Active == active);
        if (filterError is not null) return filterError.ToResult();
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(p => p.ToWire()).ToList(), hasMore, (page, more) => new PriceList(page, more), WireJson.Default.PriceList);
    }
}
