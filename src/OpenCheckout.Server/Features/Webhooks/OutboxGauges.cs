using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Telemetry;

namespace OpenCheckout.Server.Features.Webhooks;

/// <summary>The outbox's depth and age as gauges, read from the database every <see cref="Every"/> (not at each scrape: a
/// scrape must not cost a query): events waiting to be fanned out and deliveries pending, and how long the oldest has waited.
/// Registered only when telemetry is on.</summary>
sealed class OutboxGauges(IServiceScopeFactory scopes, CheckoutTelemetry telemetry, TimeProvider clock, ILogger<OutboxGauges> log) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(15);
    long _depth;
    double _oldestAgeSeconds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        telemetry.Meter.CreateObservableGauge("opencheckout.webhook.outbox.depth", () => Interlocked.Read(ref _depth), "{item}",
            "Events waiting to be fanned out plus webhook deliveries pending.");
        telemetry.Meter.CreateObservableGauge("opencheckout.webhook.outbox.oldest_age", () => Volatile.Read(ref _oldestAgeSeconds), "s",
            "How long the oldest pending event or delivery has waited.");
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Outbox gauges not refreshed: {Error}", e.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var events = await db.Events.Where(e => e.FanOutDueAt != null).GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), Oldest = g.Min(e => e.FanOutDueAt) }).FirstOrDefaultAsync(ct);
        var deliveries = await db.WebhookDeliveries.Where(d => d.Status == DeliveryStatus.Pending).GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), Oldest = g.Min(d => d.CreatedAt) }).FirstOrDefaultAsync(ct);
        Interlocked.Exchange(ref _depth, (events?.Count ?? 0) + (deliveries?.Count ?? 0));
        var oldest = new[] { events?.Oldest, deliveries?.Oldest }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTime.MaxValue).Min();
        Volatile.Write(ref _oldestAgeSeconds, oldest == DateTime.MaxValue ? 0 : Math.Max(0, (clock.GetUtcNow().UtcDateTime - oldest).TotalSeconds));
    }
}
