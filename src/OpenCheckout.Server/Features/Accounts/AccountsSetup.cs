namespace OpenCheckout.Server.Features.Accounts;

static class AccountsSetup
{
    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VerifiedKeys>();
        builder.Services.AddSingleton<ApiKeyUsage>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ApiKeyUsage>());
        builder.Services.AddScoped<AccountStore>();
        builder.Services.AddScoped<AccountSettings>();
    }
}
