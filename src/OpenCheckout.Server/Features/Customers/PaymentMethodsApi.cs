using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Customers;

/// <summary>A customer's saved cards (contract section 12): read-only here; a card is saved by paying a session made with
/// <c>setup_future_use</c>.</summary>
static class PaymentMethodsApi
{
    public static void MapPaymentMethods(this RouteGroupBuilder customers)
    {
        customers.MapGet("/{id}/payment_methods", List)
            .WithName("ListCustomerPaymentMethods")
            .Answers<CustomerPaymentMethodList>()
            .Lists()
            .WithSummary("List a customer's saved cards, newest first.");
        customers.MapGet("/{id}/payment_methods/{paymentMethodId}", Get)
            .WithName("GetCustomerPaymentMethod")
            .Answers<CustomerPaymentMethodEnvelope>()
            .WithSummary("Retrieve one of a customer's saved cards.");
    }

    static async Task<IResult> List(string id, HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        if (!await db.Customers.AsNoTracking().OwnedBy(merchant).AnyAsync(c => c.Id == id, ct)) return ApiErrors.NotFound("customer", id).ToResult();
        var (items, hasMore) = await db.CustomerPaymentMethods.AsNoTracking().OwnedBy(merchant).Where(m => m.CustomerId == id).PageAsync(paging!, ct);
        return WireResults.Page(items.Select(m => m.ToWire()).ToList(), hasMore, (page, more) => new CustomerPaymentMethodList(page, more),
            WireJson.Default.CustomerPaymentMethodList);
    }

    static async Task<IResult> Get(string id, string paymentMethodId, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var method = await db.CustomerPaymentMethods.AsNoTracking().OwnedBy(merchant)
            .FirstOrDefaultAsync(m => m.Id == paymentMethodId && m.CustomerId == id, ct);
        return method is null
            ? ApiErrors.NotFound("payment method", paymentMethodId).ToResult()
            : WireResults.Json(new CustomerPaymentMethodEnvelope(method.ToWire()), WireJson.Default.CustomerPaymentMethodEnvelope);
    }

    public static Wire.CustomerPaymentMethod ToWire(this CustomerPaymentMethod m) => new(m.Id, m.CustomerId,
        new SavedCard(m.Brand, m.Last4, m.ExpMonth, m.ExpYear, Funding: "credit", Country: null),
        new BillingDetails(m.BillingName, m.BillingEmail), m.OffSession, Unix.Seconds(m.CreatedAt), m.TestMode);
}
