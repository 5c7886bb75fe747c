using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Payments;

static class CustomersApi
{
    public static void MapCustomers(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers").WithTags("Customers");
        group.MapGet("/", List)
            .WithName("ListCustomers")
            .Answers<CustomerList>()
            .Lists(Filter.Text("email", "Only customers with this email."))
            .WithSummary("List customers; filter by email.");
        group.MapGet("/{id}", Get)
            .WithName("GetCustomer")
            .Answers<CustomerEnvelope>()
            .WithSummary("Retrieve a customer.");
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
        return customer is null
            ? ApiErrors.NotFound("customer", id).ToResult()
            : WireResults.Json(new CustomerEnvelope(customer.ToWire()), WireJson.Default.CustomerEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.Customers.AsNoTracking().OwnedBy(merchant);
        if (http.Request.Query["email"].FirstOrDefault() is { } email) query = query.Where(c => c.Email == email);
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(c => c.ToWire()).ToList(), hasMore, (page, more) => new CustomerList(page, more), WireJson.Default.CustomerList);
    }
}
