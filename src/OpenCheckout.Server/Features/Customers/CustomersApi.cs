using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Customers;

/// <summary>Customers (contract section 12, Flex's shapes): create, update (Flex's PATCH and the POST spelling), delete, get,
/// list. One customer per email in an account's mode: a second gets 409 <c>customer_exists</c> naming the first. A deleted
/// customer stays for the sessions and payments that name it, and is found no more.</summary>
static class CustomersApi
{
    public static void MapCustomers(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers").WithTags("Customers");
        group.MapPaymentMethods();
        group.MapPost("/", Create)
            .WithName("CreateCustomer")
            .Answers<CustomerEnvelope>()
            .Takes<CreateCustomerRequest>()
            .WithSummary("Create a customer; 409 customer_exists when the email is taken.");
        group.MapGet("/", List)
            .WithName("ListCustomers")
            .Answers<CustomerList>()
            .Lists(
                Filter.Text("email", "Only customers with this email."),
                Filter.UnixTime("created[gte]", "Only customers created at or after this unix time."),
                Filter.UnixTime("created[lte]", "Only customers created at or before this unix time."))
            .WithSummary("List customers, newest first; filter by email, created[gte]/created[lte].");
        group.MapGet("/{id}", Get)
            .WithName("GetCustomer")
            .Answers<CustomerEnvelope>()
            .WithSummary("Retrieve a customer.");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateCustomer")
            .Answers<CustomerEnvelope>()
            .Takes<UpdateCustomerRequest>()
            .WithSummary("Update a customer.");
        group.MapPost("/{id}", Update)
            .WithName("UpdateCustomerByPost")
            .Answers<CustomerEnvelope>()
            .Takes<UpdateCustomerRequest>()
            .WithSummary("Update a customer (POST spelling).");
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteCustomer")
            .Answers<DeletedCustomerEnvelope>()
            .WithSummary("Delete a customer: its sessions and payments keep naming it.");
    }

    // test_clock is not among them: it is set at creation only, and an update naming it is refused as an unknown field.
    static readonly string[] ReadOnlyFields = ["customer_id", "id", "object", "name", "created_at", "created", "test_mode", "livemode"];

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock, IObjectClock clocks, EventLog events)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "customer");
        if (error is not null) return error.ToResult();
        var email = Email(fields!, required: true);
        var changes = Changes(fields!);
        var testClockId = fields!.String("test_clock", 64);
        if (testClockId is not null && !merchant.TestMode)
            fields.AddError("test_clock", "test_mode_only", "Test clocks exist in test mode only: use a test key (fsk_test_...).");
        // Flex's create also takes the session the customer came from; nothing here needs it.
        fields!.Ignore("checkout_session_id", "employer");
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        return await http.WriteAsync(async (db, ct) =>
        {
            var now = clock.GetUtcNow();
            // A customer on a test clock is made at the clock's time, as everything that hangs off it.
            if (testClockId is not null)
            {
                if (await clocks.FindAsync(db, merchant, testClockId, ct) is not { } frozen) return ApiErrors.TestClockNotFound("test_clock", testClockId).ToResponse();
                now = frozen;
            }
            if (await TakenByAsync(db, merchant, email!, exceptId: null, ct) is { } taken) return CustomerExists(email!, taken).ToResponse();
            var customer = new Customer
            {
                Id = ObjectId.New(ObjectId.Customer, now), AccountId = merchant.AccountId, TestMode = merchant.TestMode, Email = email!,
                CreatedAt = now.UtcDateTime, TestClockId = testClockId,
            };
            foreach (var change in changes) change(customer);
            db.Customers.Add(customer);
            Record(events, db, customer, EventTypes.CustomerCreated);
            return Respond(customer);
        });
    }

    static async Task<IResult> Update(string id, HttpContext http, Merchant merchant, EventLog events)
    {
        var (fields, error) = await RequestBody.ReadAsync(http, "customer");
        if (error is not null) return error.ToResult();
        var email = fields!.Has("email") ? Email(fields, required: true) : null;
        var changes = Changes(fields);
        fields.Ignore("checkout_session_id", "employer");
        fields.RejectUnknown();
        return await http.WriteAsync(async (db, ct) =>
        {
            var customer = await FindAsync(db, merchant, id, ct);
            if (customer is null) return ApiErrors.NotFound("customer", id).ToResponse();
            if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResponse();
            if (email is not null && email != customer.Email)
            {
                if (await TakenByAsync(db, merchant, email, exceptId: customer.Id, ct) is { } taken) return CustomerExists(email, taken).ToResponse();
                customer.Email = email;
            }
            foreach (var change in changes) change(customer);
            Record(events, db, customer, EventTypes.CustomerUpdated);
            return Respond(customer);
        });
    }

    static async Task<IResult> Delete(string id, HttpContext http, Merchant merchant, TimeProvider clock, EventLog events)
    {
        // Flex's client sends a JSON body with DELETE: read (and size-check) it like any other.
        var (_, error) = await RequestBody.ReadAsync(http, "customer");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow().UtcDateTime;
        return await http.WriteAsync(async (db, ct) =>
        {
            var customer = await FindAsync(db, merchant, id, ct);
            if (customer is null) return ApiErrors.NotFound("customer", id).ToResponse();
            customer.DeletedAt = now;
            Record(events, db, customer, EventTypes.CustomerDeleted);
            return ApiResponse.Json(new DeletedCustomerEnvelope(customer.ToWire(), Deleted: true), WireJson.Default.DeletedCustomerEnvelope);
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, ct);
        return customer is null
            ? ApiErrors.NotFound("customer", id).ToResult()
            : WireResults.Json(new CustomerEnvelope(customer.ToWire()), WireJson.Default.CustomerEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var query = db.Customers.AsNoTracking().OwnedBy(merchant).Where(c => c.DeletedAt == null);
        if (http.Request.Query["email"].FirstOrDefault() is { } email) query = query.Where(c => c.Email == email);
        if (QueryFilters.UnixTime(http.Request.Query, "created[gte]", out error) is { } from) query = query.Where(c => c.CreatedAt >= from);
        if (error is not null) return error.ToResult();
        if (QueryFilters.UnixTime(http.Request.Query, "created[lte]", out error) is { } to)
        {
            var before = to.AddSeconds(1); // created[lte] is a whole second: every instant within it counts
            query = query.Where(c => c.CreatedAt < before);
        }
        if (error is not null) return error.ToResult();
        var (items, hasMore) = await query.PageAsync(paging!, ct);
        return WireResults.Page(items.Select(c => c.ToWire()).ToList(), hasMore, (page, more) => new CustomerList(page, more), WireJson.Default.CustomerList);
    }

    /// <summary>The optional fields, shared by create and update: present means set (null clears).</summary>
    static List<Action<Customer>> Changes(JsonFields fields)
    {
        fields.Ignore(ReadOnlyFields);
        var changes = new List<Action<Customer>>();
        if (fields.Contains("first_name") && fields.String("first_name", Customer.NameLength) is var first) changes.Add(c => c.FirstName = Blank(first));
        if (fields.Contains("last_name") && fields.String("last_name", Customer.NameLength) is var last) changes.Add(c => c.LastName = Blank(last));
        if (fields.Contains("phone") && fields.String("phone", Customer.PhoneLength) is var phone) changes.Add(c => c.Phone = Blank(phone));
        if (fields.Metadata("metadata") is { } metadata) changes.Add(c => c.Metadata = metadata);
        if (fields.Contains("shipping"))
        {
            // [] is how PHP encodes an empty map: no address, as null is.
            var address = fields.IsEmptyArray("shipping") ? null : fields.Object("shipping");
            var shipping = address is null ? null : new CustomerShipping(
                Blank(address.String("line1", 200)), Blank(address.String("line2", 200)), Blank(address.String("city", 200)),
                Blank(address.String("state", 200)), Blank(address.String("postal_code", 20)), Blank(address.String("country", 2)));
            address?.Ignore("shipping_address_id");
            address?.RejectUnknown();
            changes.Add(c => c.Shipping = shipping is { Line1: null, Line2: null, City: null, State: null, PostalCode: null, Country: null } ? null : shipping);
        }
        return changes;
    }

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static string? Email(JsonFields fields, bool required)
    {
        var email = fields.String("email", Customer.EmailLength, required)?.Trim();
        if (email is null) return null;
        if (EmailAddress.IsPlain(email)) return email;
        fields.AddError("email", "email_invalid", "email must be an email address, like jo@example.com.");
        return null;
    }

    /// <summary>The id of the live customer of this account and mode with <paramref name="email"/>, other than
    /// <paramref name="exceptId"/>. The unique index decides a race between nodes: the loser's unit of work runs again and
    /// finds the winner here.</summary>
    static Task<string?> TakenByAsync(CheckoutDb db, Merchant merchant, string email, string? exceptId, CancellationToken ct) =>
        db.Customers.OwnedBy(merchant).Where(c => c.Email == email && c.DeletedAt == null && c.Id != exceptId)
            .Select(c => c.Id).FirstOrDefaultAsync(ct);

    static ApiError CustomerExists(string email, string customerId) =>
        ApiErrors.StateConflict("customer_exists", $"A customer with email '{email}' already exists: {customerId}.") with { Param = "email" };

    static Task<Customer?> FindAsync(CheckoutDb db, Merchant merchant, string id, CancellationToken ct) =>
        db.Customers.OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, ct);

    static void Record(EventLog events, CheckoutDb db, Customer customer, string type) =>
        events.Record(db, customer.AccountId, customer.TestMode, type, "customer", customer.ToWire(), WireJson.Default.Customer);

    static ApiResponse Respond(Customer customer) => ApiResponse.Json(new CustomerEnvelope(customer.ToWire()), WireJson.Default.CustomerEnvelope);
}
