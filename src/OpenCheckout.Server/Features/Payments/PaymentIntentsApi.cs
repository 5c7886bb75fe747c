using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Payments;

static class PaymentIntentsApi
{
    public static void MapPaymentIntents(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/payment_intents").WithTags("Payment Intents");
        group.MapGet("/", List)
            .Expands("customer")
            .WithName("ListPaymentIntents")
            .Answers<PaymentIntentList>()
            .Lists(
                Filter.Text("checkout_session", "Only this session's payment intents."),
                Filter.Text("customer", "Only this customer's payment intents."))
            .WithSummary("List payment intents; filter by checkout_session or customer.");
        group.MapGet("/{id}", Get)
            .Expands("customer")
            .WithName("GetPaymentIntent")
            .Answers<PaymentIntentEnvelope>()
            .WithSummary("Retrieve a payment intent, with its last error if declined.");
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var intent = await db.PaymentIntents.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(p => p.Id == id, ct);
        return intent is null
            ? ApiErrors.NotFound("payment intent", id).ToResult()
            : WireResults.Json(new PaymentIntentEnvelope(intent.ToWire()), WireJson.Default.PaymentIntentEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.PaymentIntents.AsNoTracking().OwnedBy(merchant);
        if (http.Request.Query["checkout_session"].FirstOrDefault() is { } session) query = query.Where(p => p.SessionId == session);
        if (http.Request.Query["customer"].FirstOrDefault() is { } customer) query = query.Where(p => p.CustomerId == customer);
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(p => p.ToWire()).ToList(), hasMore, (page, more) => new PaymentIntentList(page, more), WireJson.Default.PaymentIntentList);
    }
}
