namespace OpenCheckout.Server.Features.PaymentLinks;

static class PaymentLinksSetup
{
    public static void AddPaymentLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PaymentLinkVisits>();
        builder.Services.AddSingleton<PaymentLinkCreation>();
    }
}
