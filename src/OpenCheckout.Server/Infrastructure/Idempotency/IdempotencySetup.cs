using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

static class IdempotencySetup
{
    public static void AddIdempotency(this WebApplicationBuilder builder)
    {
        builder.AddPerProvider<IIdempotencyRecords, SqliteIdempotencyRecords, PostgresIdempotencyRecords>(ServiceLifetime.Scoped);
        builder.Services.AddSingleton<RunningKeyedRequests>();
        builder.Services.AddHostedService<IdempotencyCleanupWorker>();
    }
}
