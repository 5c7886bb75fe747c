namespace OpenCheckout.Server.Features.Processors;

static class ProcessorsSetup
{
    public static void AddProcessors(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProcessorSecrets>();
        builder.Services.AddScoped<ProcessorDirectory>();
        builder.Services.AddScoped<Sessions.ILiveProcessors>(services => services.GetRequiredService<ProcessorDirectory>());
        builder.Services.AddScoped<ProcessorSettings>();
        // Stripe.net's own timeout would be 80 s; Processors:Stripe:Timeout bounds how long a buyer waits for an unknown outcome.
        builder.Services.AddHttpClient(ProcessorDirectory.HttpClientName, (services, client) =>
            client.Timeout = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenCheckoutOptions>>().Value.Processors.Stripe.Timeout);
    }

    public static void MapProcessors(this IEndpointRouteBuilder app) => app.MapStripeWebhooks();
}
