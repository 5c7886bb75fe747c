using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Health;

/// <summary>Ready: the database answers and has every migration this node knows. A node whose database is away reports
/// unready (the balancer stops sending it buyers) and ready again as soon as it answers; nothing needs restarting.
/// Migrations are looked up until they are found current, then no more: migrations are never taken back, and the balancer
/// checks every second, so a check stays one round trip.</summary>
sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    volatile bool _migrationsCurrent;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<CheckoutDb>().Database;
        try
        {
            if (!await database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database cannot be reached.");
            var pending = _migrationsCurrent ? [] : (await database.GetPendingMigrationsAsync(ct)).ToList();
            _migrationsCurrent = pending.Count == 0;
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The database answers and its migrations are current.")
                : HealthCheckResult.Unhealthy($"Migrations not applied yet: {string.Join(", ", pending)} (run the migrate command).");
        }
        catch (Exception e) when (e.IsUnavailable())
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
