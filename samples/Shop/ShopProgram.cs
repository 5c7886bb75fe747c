using Microsoft.Extensions.Options;
using OpenCheckout.Client;
using Shop.Memberships;
using Shop.Orders;
using Shop.Storefront;
using Shop.Webhooks;

namespace Shop;

/// <summary>The sample shop: a product page whose Buy button sends the buyer to OpenCheckout's hosted checkout,
/// <c>/success</c> and <c>/webhooks</c> fulfilling each paid session exactly once into the shop's own SQLite file; and a
/// membership sold as a subscription, whose access <c>/webhooks</c> grants and revokes.
/// A named entry class (not top-level statements) so tests can host it beside the server, whose entry class is Program.</summary>
public sealed class ShopProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<ShopOptions>().Bind(builder.Configuration.GetSection(ShopOptions.Section));
        // The whole OpenCheckout section binds onto the SDK's options: BaseUrl, ApiKey, and MaxRetries etc. if you want them.
        builder.Services.AddOpenCheckout(o => builder.Configuration.GetSection("OpenCheckout").Bind(o));
        builder.Services.AddOptions<OpenCheckoutClientOptions>()
            .Validate(o => o.ApiKey.Length > 0, "OpenCheckout:ApiKey is empty: set it to your fsk_test_... key (environment: OpenCheckout__ApiKey).")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<MembershipStore>();
        builder.Services.AddSingleton<ShopCatalog>();
        builder.Services.AddSingleton<ShopUrls>();
        builder.Services.AddSingleton<WebhookSecret>();
        builder.Services.AddHostedService<DevWebhookRegistration>(); // does something only in Development, without a configured secret

        var app = builder.Build();
        await app.Services.GetRequiredService<OrderStore>().MigrateAsync();
        app.MapStorefront();
        app.MapSuccessPage();
        app.MapWebhookEndpoint();
        await app.RunAsync();
    }
}
