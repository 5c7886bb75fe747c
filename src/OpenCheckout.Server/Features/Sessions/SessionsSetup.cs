using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

static class SessionsSetup
{
    public static void AddSessions(this WebApplicationBuilder builder)
    {
        builder.AddPerProvider<ISessionStore, SqliteSessionStore, PostgresSessionStore>(ServiceLifetime.Scoped);
        builder.Services.AddSingleton<SessionExpiry>();
        builder.Services.AddHostedService<ExpirySweeperWorker>();
    }
}
