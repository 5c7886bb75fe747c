using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Payments;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Refunds;

/// <summary>Sends live refunds to the processor. A refund is committed first (its amount taken from the payment by
/// <see cref="RefundService"/>'s guard), then sent here with its own id as the idempotency key, so however often it is sent —
/// after a timeout, by two nodes at once, after a crash — the processor refunds once; the first answer recorded wins.
/// Stripe settles most card refunds at once; one it answers <c>pending</c> stays pending here until Stripe's notice.</summary>
sealed class LiveRefundWorker(IServiceScopeFactory scopes, IUnitOfWork writes, RefundService refunds, IOptions<OpenCheckoutOptions> options,
    ILogger<LiveRefundWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Processors.SweepInterval);
        do
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Sending live refunds failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends every live refund not sent yet; returns how many the processor answered.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
        var due = await db.Refunds.AsNoTracking()
            .Where(r => !r.TestMode && r.ProcessorRefundId == null && r.Status == RefundStatus.Pending)
            .OrderBy(r => r.CreatedAt).Take(50).ToListAsync(ct);
        var answered = 0;
        foreach (var refund in due)
        {
            var paymentId = await ProcessorPayments.IdAsync(db, refund.PaymentIntentId, ct);
            if (paymentId is null || await scope.ServiceProvider.GetRequiredService<ILiveProcessors>().LiveAsync(refund.AccountId, ct) is not { } processor)
            {
                log.LogError("Refund {RefundId} cannot be sent: its payment has no processor payment, or its account no processor now", refund.Id);
                continue;
            }
            ProcessorRefund answer;
            try
            {
                answer = await processor.RefundAsync(paymentId, refund.Amount, refund.Id,
                    new Dictionary<string, string> { ["opencheckout_refund"] = refund.Id, ["opencheckout_payment_intent"] = refund.PaymentIntentId }, ct);
            }
            catch (ProcessorUnavailableException e)
            {
                log.LogWarning(e, "Refund {RefundId}: the processor did not answer; sent again at the next tick", refund.Id);
                continue;
            }
            catch (ProcessorRefusedException e)
            {
                log.LogError("Refund {RefundId} refused by the processor: {Code} {Message}", refund.Id, e.Code, e.Message);
                answer = new ProcessorRefund("", RefundStatus.Failed);
            }
            await writes.RunAsync((writeDb, writeCt) => refunds.RecordProcessorAnswerAsync(writeDb, refund.AccountId, refund.Id, answer, writeCt), ct);
            answered++;
        }
        return answered;
    }
}
