namespace OpenCheckout.Server.Features.Disputes;

static class DisputesSetup
{
    public static void AddDisputes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DisputeResponses>();
        builder.Services.AddHostedService<DisputeWorker>();
    }
}
