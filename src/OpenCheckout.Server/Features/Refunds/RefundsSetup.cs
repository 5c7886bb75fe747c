namespace OpenCheckout.Server.Features.Refunds;

static class RefundsSetup
{
    public static void AddRefunds(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RefundService>();
        builder.Services.AddHostedService<LiveRefundWorker>();
    }
}
