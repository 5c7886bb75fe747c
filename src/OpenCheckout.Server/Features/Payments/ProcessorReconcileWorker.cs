using Microsoft.Extensions.Options;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Learns the outcome of live attempts whose answer was lost (a crash between the processor's answer and our commit,
/// a timeout, a buyer who left): every <c>Processors:SweepInterval</c> it asks the processor again, with the attempt's own
/// idempotency key, about attempts pending longer than <c>Processors:ReconcileAfter</c>, and commits the answer as the page
/// would have. Safe on several nodes: the processor replays one payment per key, and the commit is conditional on the attempt
/// still being open.</summary>
sealed class ProcessorReconcileWorker(PaymentService payments, TimeProvider clock, IOptions<OpenCheckoutOptions> options,
    ILogger<ProcessorReconcileWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var processors = options.Value.Processors;
        using var timer = new PeriodicTimer(processors.SweepInterval);
        do
        {
            try
            {
                await payments.ReconcileAsync(clock.GetUtcNow() - processors.ReconcileAfter, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Reconciling live payment attempts failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
