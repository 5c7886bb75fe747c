using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenCheckout.Server.Infrastructure.Health;

/// <summary><c>GET /healthz</c>: the process is up (for a supervisor restarting dead processes). <c>GET /readyz</c>: it can
/// serve checkouts (for the load balancer). Both answer 200 or 503 with a line of text saying why.</summary>
static class HealthSetup
{
    const string Ready = "ready";

    public static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatabaseReadyCheck>(); // one instance, so it remembers migrations found current
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        // The first health endpoint, kept for setups that already probe it.
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();
    }

    static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var details = report.Entries.Select(e => $"\n{e.Key}: {e.Value.Status} — {e.Value.Description}");
        return http.Response.WriteAsync(report.Status + string.Concat(details));
    }
}
