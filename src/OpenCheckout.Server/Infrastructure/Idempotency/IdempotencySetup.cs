namespace OpenCheckout.Server.Infrastructure.Idempotency;

static class IdempotencySetup
{
    public static void AddIdempotency(this WebApplicationBuilder builder) => builder.Services.AddHostedService<IdempotencyCleanupWorker>();
}
