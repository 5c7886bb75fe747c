using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenCheckout.Server.Infrastructure.Telemetry;

/// <summary>OpenTelemetry (off by default, <c>OpenCheckout:Telemetry</c>): traces of requests, database work (PostgreSQL's
/// commands through Npgsql; units of work on either provider) and webhook sends; metrics of requests, payments, webhook
/// deliveries, the outbox and the group commit. Exported by OTLP when an endpoint is set, and scrapeable in Prometheus's
/// format at <c>/metrics</c> behind a bearer token when one is set.</summary>
static class TelemetrySetup
{
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CheckoutTelemetry>();
        var settings = builder.Configuration.GetSection(OpenCheckoutOptions.Section).Get<OpenCheckoutOptions>()?.Telemetry ?? new();
        if (!settings.Enabled) return;
        var otlp = string.IsNullOrEmpty(settings.OtlpEndpoint) ? null : new Uri(settings.OtlpEndpoint);
        var prometheus = !string.IsNullOrEmpty(settings.PrometheusToken);
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(settings.ServiceName));
        // Spans only when something exports them (OTLP): made for every request, they cost the hottest reads dearly (performance.md).
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing.AddSource(CheckoutTelemetry.Name, "Npgsql")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = otlp));
        if (otlp is not null || prometheus)
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(CheckoutTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                if (prometheus) metrics.AddPrometheusExporter();
            });
    }

    /// <summary><c>/metrics</c>, for a request that carries <c>Authorization: Bearer</c> and the configured token; 404 otherwise,
    /// as if it were not there.</summary>
    public static void MapTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Telemetry;
        if (!settings.Enabled || string.IsNullOrEmpty(settings.PrometheusToken)) return;
        var expected = "Bearer " + settings.PrometheusToken;
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/metrics"), branch => branch.Use((http, next) =>
        {
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString()), System.Text.Encoding.UTF8.GetBytes(expected)))
                return next(http);
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
