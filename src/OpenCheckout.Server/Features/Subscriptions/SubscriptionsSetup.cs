using OpenCheckout.Server.Features.Payments;

namespace OpenCheckout.Server.Features.Subscriptions;

static class SubscriptionsSetup
{
    public static void AddSubscriptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriptionEvents>();
        builder.Services.AddSingleton<ISubscriptionStarts, SubscriptionStarts>();
        builder.Services.AddSingleton<SubscriptionChanges>();
    }

    public static void MapSubscriptionsApi(this IEndpointRouteBuilder v1)
    {
        v1.MapSubscriptions();
        v1.MapInvoices();
    }
}
