namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>/v1/customers: create and retrieve.</summary>
internal static class CustomersHandlers
{
    public static Reply Create(FakeStripeStore store, Call call)
    {
        if (PaymentMethodsHandlers.NoExpansion(call) is { } bad) return bad;
        var customer = new CustomerEntity
        {
            Id = Entity.NewId("cus"), Email = call.Str("email"), Name = call.Str("name"), Description = call.Str("description"),
            Created = FakeStripeStore.Now, Metadata = call.Map("metadata"),
        };
        store.Customers[customer.Id] = customer;
        return new Reply(200, customer.Json());
    }

    public static Reply Retrieve(FakeStripeStore store, Call call)
    {
        if (PaymentMethodsHandlers.NoExpansion(call) is { } bad) return bad;
        return store.Customers.TryGetValue(call.Id("customer"), out var customer)
            ? new Reply(200, customer.Json())
            : StripeErrors.Missing("customer", call.Id("customer"), "id");
    }
}
