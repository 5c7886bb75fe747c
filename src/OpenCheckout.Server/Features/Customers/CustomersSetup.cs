using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Customers;

public static class CustomersSetup
{
    public static void AddCustomers(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IExpansion, CustomerExpansion>();
}
