using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.RequestLog;

static class RequestLogSetup
{
    public static void AddRequestLog(this WebApplicationBuilder builder)
    {
        builder.AddPerProvider<IRequestLogRows, SqliteRequestLogRows, PostgresRequestLogRows>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<RequestLogWorker>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RequestLogWorker>());
        builder.Services.AddSingleton<RequestLogRetentionWorker>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RequestLogRetentionWorker>());
    }
}
