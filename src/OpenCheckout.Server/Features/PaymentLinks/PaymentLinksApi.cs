using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.PaymentLinks;

/// <summary>Payment links (contract section 12, Flex's shapes): create, list (active ones unless <c>active=false</c>), get,
/// update (Flex's PATCH and the POST spelling). A link is checked and priced as the session a visit would make, when it is
/// made: a link that is stored can be visited.</summary>
static class PaymentLinksApi
{
    public static void MapPaymentLinks(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/payment_links").WithTags("Payment Links");
        group.MapPost("/", Create)
            .WithName("CreatePaymentLink")
            .Answers<PaymentLinkEnvelope>()
            .Takes<CreatePaymentLinkRequest>()
            .WithSummary("Create a payment link: a URL each visit to which makes a new checkout session.");
        group.MapGet("/", List)
            .WithName("ListPaymentLinks")
            .Answers<PaymentLinkList>()
            .Lists(Filter.OneOf("active", "Active links (the default) or deactivated ones.", "true", "false"))
            .WithSummary("List payment links, newest first: active ones unless active=false.");
        group.MapGet("/{id}", Get)
            .WithName("GetPaymentLink")
            .Answers<PaymentLinkEnvelope>()
            .WithSummary("Retrieve a payment link.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdatePaymentLink")
            .Answers<PaymentLinkEnvelope>()
            .Takes<UpdatePaymentLinkRequest>()
            .WithSummary("Update a payment link: active (false deactivates it), label, metadata, after_completion.");
        group.MapPost("/{id}", Update)
            .WithName("UpdatePaymentLinkByPost")
            .Answers<PaymentLinkEnvelope>()
            .Takes<UpdatePaymentLinkRequest>()
            .WithSummary("Update a payment link (POST spelling).");
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, PaymentLinkCreation creation, TimeProvider clock, PublicUrls urls)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "payment_link");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow();
        var request = PaymentLinkRequest.Parse(fields!, merchant, now);
        if (request is null) return ApiErrors.Invalid(fields!.Errors).ToResult();
        var (ready, refused) = await creation.PrepareAsync(request, merchant, http.RequestServices, now, http.RequestAborted);
        if (refused is not null) return refused.ToResult();
        return await http.WriteAsync((db, _) =>
        {
            ready!.Add(db);
            return Task.FromResult(Respond(ready.Link, urls));
        });
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, PublicUrls urls)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "payment_link");
        if (error is not null) return error.ToResult();
        fields!.Ignore("payment_link_id", "id", "object", "url", "currency", "created_at", "created", "test_mode", "livemode");
        var active = fields.Boolean("active");
        var setLabel = fields.Contains("label");
        var label = fields.String("label", PaymentLink.LabelLength);
        var metadata = fields.Metadata("metadata");
        var afterCompletion = AfterCompletionChoice.Parse(fields);
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var link = await db.PaymentLinks.OwnedBy(merchant).FirstOrDefaultAsync(l => l.Id == id, ct);
            if (link is null) return ApiErrors.NotFound("payment link", id).ToResponse();
            if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResponse();
            if (active is not null) link.Active = active.Value;
            if (setLabel) link.Label = label;
            if (metadata is not null) link.Metadata = metadata;
            if (afterCompletion is not null) (link.RedirectUrl, link.ConfirmationMessage) = (afterCompletion.RedirectUrl, afterCompletion.Message);
            return Respond(link, urls);
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, PublicUrls urls, CancellationToken ct)
    {
        var link = await db.PaymentLinks.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(l => l.Id == id, ct);
        return link is null
            ? ApiErrors.NotFound("payment link", id).ToResult()
            : WireResults.Json(new PaymentLinkEnvelope(link.ToWire(urls)), WireJson.Default.PaymentLinkEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, PublicUrls urls, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var active = http.Request.Query["active"].FirstOrDefault() switch
        {
            null or "true" => true,
            "false" => false,
            _ => (bool?)null,
        };
        if (active is null) return ApiErrors.Invalid("active", "parameter_invalid_boolean", "active must be true or false.").ToResult();
        var links = db.PaymentLinks.AsNoTracking().OwnedBy(merchant).Where(l => l.Active == active);
        var (items, hasMore) = await links.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(l => l.ToWire(urls)).ToList(), hasMore, (page, more) => new PaymentLinkList(page, more),
            WireJson.Default.PaymentLinkList);
    }

    static ApiResponse Respond(PaymentLink link, PublicUrls urls) =>
        ApiResponse.Json(new PaymentLinkEnvelope(link.ToWire(urls)), WireJson.Default.PaymentLinkEnvelope);
}
