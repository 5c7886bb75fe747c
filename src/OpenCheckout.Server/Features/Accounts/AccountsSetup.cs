namespace OpenCheckout.Server.Features.Accounts;

static class AccountsSetup
{
    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache(); // verified API keys
        builder.Services.AddScoped<AccountStore>();
    }
}
