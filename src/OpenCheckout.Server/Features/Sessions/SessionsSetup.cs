using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Sessions;

static class SessionsSetup
{
    public static void AddSessions(this WebApplicationBuilder builder)
    {
        builder.AddPerProvider<ISessionStore, SqliteSessionStore, PostgresSessionStore>(ServiceLifetime.Scoped);
        builder.Services.AddSingleton<SessionExpiry>();
        builder.Services.AddHostedService<ExpirySweeperWorker>();
        builder.Services.AddSingleton<IClockedWork, ClockedSessionExpiry>();
    }
}
