namespace OpenCheckout.Server.Features.Payments;

static class PaymentsSetup
{
    public static void AddPayments(this WebApplicationBuilder builder) => builder.Services.AddSingleton<PaymentService>();

    public static void MapPayments(this IEndpointRouteBuilder v1)
    {
        v1.MapPaymentIntents();
        v1.MapCapture();
        v1.MapTestHelpers();
    }
}
