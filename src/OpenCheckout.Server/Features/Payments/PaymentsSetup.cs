using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Payments;

static class PaymentsSetup
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PaymentService>();
        builder.Services.AddSingleton<PromotionCodeService>();
        builder.Services.AddScoped<IOffSessionCharges, OffSessionCharges>();
        builder.Services.AddSingleton<IExpansion, PaymentIntentExpansion>();
        builder.Services.AddSingleton<CaptureService>();
        builder.Services.AddHostedService<AuthorizationLapseWorker>();
        builder.Services.AddHostedService<ProcessorReconcileWorker>();
        builder.Services.AddSingleton<InvoicePayments>();
        builder.Services.AddSingleton<IClockedWork, ClockedAuthorizationLapse>();
    }

    public static void MapPayments(this IEndpointRouteBuilder v1)
    {
        v1.MapPaymentIntents();
        v1.MapCapture();
        v1.MapCaptures();
        v1.MapTestHelpers();
    }
}
