using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Subscriptions;

static class SubscriptionsSetup
{
    public static void AddSubscriptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SubscriptionEvents>();
        builder.Services.AddSingleton<ISubscriptionStarts, SubscriptionStarts>();
        builder.Services.AddSingleton<SubscriptionChanges>();
        builder.Services.AddSingleton<RenewalSteps>();
        builder.Services.AddScoped<HostedInvoicePayments>();
        builder.Services.AddHostedService<RenewalWorker>();
        builder.Services.AddSingleton<IClockedWork, ClockedRenewals>();
        builder.Services.AddOptions<OpenCheckoutOptions>()
            .Validate(o => o.Subscriptions.Retries.All(r => r > TimeSpan.Zero), "OpenCheckout:Subscriptions:RetrySchedule: every retry must come after the first attempt (a positive time).")
            .ValidateOnStart();
    }

    public static void MapSubscriptionsApi(this IEndpointRouteBuilder v1)
    {
        v1.MapSubscriptions();
        v1.MapInvoices();
    }
}
