using Microsoft.EntityFrameworkCore;
using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary><c>/v1/invoices</c> (contract section 13): what each period of a subscription billed. Invoices are made by the
/// subscription (its start and its renewals), never through the API.</summary>
static class InvoicesApi
{
    public static void MapInvoices(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/invoices").WithTags("Invoices");
        group.MapGet("/", List)
            .WithName("ListInvoices")
            .Answers<InvoiceList>()
            .Lists(
                Filter.Text("customer", "Only this customer's invoices."),
                Filter.Text("subscription", "Only this subscription's invoices."),
                Filter.OneOf("status", "Only invoices in this status.", Statuses))
            .WithSummary("List invoices, newest first; filter by customer, subscription and status.");
        group.MapGet("/{id}", Get)
            .WithName("GetInvoice")
            .Answers<InvoiceEnvelope>()
            .WithSummary("Retrieve an invoice.");
    }

    static readonly string[] Statuses = [InvoiceStatus.Draft, InvoiceStatus.Open, InvoiceStatus.Paid, InvoiceStatus.Uncollectible, InvoiceStatus.Void];

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, PublicUrls urls, CancellationToken ct)
    {
        var invoice = await db.Invoices.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(i => i.Id == id, ct);
        return invoice is null
            ? ApiErrors.NotFound("invoice", id).ToResult()
            : WireResults.Json(new InvoiceEnvelope(invoice.ToWire(urls)), WireJson.Default.InvoiceEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, PublicUrls urls, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = http.Request.Query;
        var invoices = db.Invoices.AsNoTracking().OwnedBy(merchant);
        if (query["customer"].FirstOrDefault() is { } customer) invoices = invoices.Where(i => i.CustomerId == customer);
        if (query["subscription"].FirstOrDefault() is { } subscription) invoices = invoices.Where(i => i.SubscriptionId == subscription);
        if (query["status"].FirstOrDefault() is { } status)
        {
            if (!Statuses.Contains(status))
                return ApiErrors.Invalid("status", "parameter_invalid_string", $"status must be one of {string.Join(", ", Statuses)}.").ToResult();
            invoices = invoices.Where(i => i.Status == status);
        }
        var (items, hasMore) = await invoices.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(i => i.ToWire(urls)).ToList(), hasMore, (page, more) => new InvoiceList(page, more),
            WireJson.Default.InvoiceList);
    }
}
