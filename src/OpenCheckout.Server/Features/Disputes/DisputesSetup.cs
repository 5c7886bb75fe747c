using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Disputes;

static class DisputesSetup
{
    public static void AddDisputes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DisputeResponses>();
        builder.Services.AddSingleton<DisputeSteps>();
        builder.Services.AddHostedService<DisputeWorker>();
        builder.Services.AddSingleton<IClockedWork, ClockedDisputes>();
    }
}
